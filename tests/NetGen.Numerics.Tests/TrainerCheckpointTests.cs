using System;
using System.IO;
using System.Threading;
using Xunit;
using static NetGen.Numerics.Tests.Support.NetworkState;

namespace NetGen.Numerics.Tests;

/// <summary>
/// The Trainer's checkpoints: a run stopped after any epoch (by its epoch count, a cancellation or a crash) and resumed from
/// its last checkpoint ends exactly as the run that was never stopped: parameters, history, early stopping and all.
/// </summary>
public sealed class TrainerCheckpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netgen-trainer-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Path(string name) => System.IO.Path.Combine(_directory, name);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_run_resumed_from_its_checkpoint_ends_as_the_run_that_never_stopped(int stoppedAfter)
    {
        var data = TrainerTests.Blobs(90, seed: 4);
        var options = new TrainerOptions { Epochs = 6, Seed = 7, BatchSize = 10, ValidationFraction = 0.2, CheckpointPath = Path("run.ngtc") };
        var uninterrupted = new TorchIrisNet(seed: 1);
        var expected = new Trainer(uninterrupted, options with { CheckpointPath = null }).Fit(data);

        new Trainer(new TorchIrisNet(seed: 1), options with { Epochs = stoppedAfter }).Fit(data);
        var resumed = new TorchIrisNet(seed: 2); // other weights: everything must come from the checkpoint
        var result = new Trainer(resumed, options).Resume(options.CheckpointPath!, data);

        Assert.Equal(Parameters(uninterrupted), Parameters(resumed));
        Assert.Equal(expected.History, result.History);
        Assert.Equal(expected.BestEpoch, result.BestEpoch);
    }

    [Fact]
    public void Early_stopping_and_the_best_parameters_survive_a_resume()
    {
        // Validation labels that contradict the training ones: the validation loss soon rises, so patience ends the run.
        var train = TrainerTests.Blobs(60, seed: 8);
        var wrong = train.Labels.ToArray();
        for (int i = 0; i < wrong.Length; i++) wrong[i] = (wrong[i] + 1) % 3;
        var validation = new DataSet(train.Inputs.ToArray(), 4, wrong, 3);
        var options = new TrainerOptions { Epochs = 40, Seed = 9, Patience = 3, CheckpointPath = Path("early.ngtc") };
        var uninterrupted = new TorchIrisNet(seed: 3);
        var expected = new Trainer(uninterrupted, options with { CheckpointPath = null }).Fit(train, validation);
        Assert.True(expected.StoppedEarly);

        new Trainer(new TorchIrisNet(seed: 3), options with { Epochs = expected.BestEpoch + 1 }).Fit(train, validation);
        var resumed = new TorchIrisNet(seed: 4);
        var result = new Trainer(resumed, options).Resume(options.CheckpointPath!, train, validation);

        Assert.Equal(expected, result with { History = expected.History });
        Assert.Equal(expected.History, result.History);
        Assert.Equal(Parameters(uninterrupted), Parameters(resumed));
    }

    [Fact]
    public void A_cancelled_run_resumes_from_its_last_finished_epoch()
    {
        var data = TrainerTests.Blobs(80, seed: 5);
        var options = new TrainerOptions { Epochs = 5, Seed = 3, BatchSize = 8, CheckpointPath = Path("cancelled.ngtc") };
        var uninterrupted = new TorchIrisNet(seed: 1);
        new Trainer(uninterrupted, options with { CheckpointPath = null }).Fit(data);

        using var cancel = new CancellationTokenSource();
        var stopAtEpochTwo = new Progress(p => { if (p.IsEpochEnd && p.Epoch == 2) cancel.Cancel(); });
        Assert.Throws<OperationCanceledException>(() => new Trainer(new TorchIrisNet(seed: 1), options).Fit(data, progress: stopAtEpochTwo, cancellationToken: cancel.Token));
        var resumed = new TorchIrisNet(seed: 2);
        var result = new Trainer(resumed, options).Resume(options.CheckpointPath!, data);

        Assert.Equal(5, result.History.Count);
        Assert.Equal(Parameters(uninterrupted), Parameters(resumed));
    }

    [Fact]
    public void A_checkpoint_of_another_run_or_a_damaged_one_is_refused_and_changes_nothing()
    {
        var data = TrainerTests.Blobs(40, seed: 5);
        var options = new TrainerOptions { Epochs = 2, Seed = 3, BatchSize = 8, CheckpointPath = Path("run.ngtc") };
        new Trainer(new TorchIrisNet(seed: 1), options).Fit(data);
        var network = new TorchIrisNet(seed: 9);
        var before = Parameters(network);

        var otherSeed = Assert.Throws<InvalidDataException>(() => new Trainer(network, options with { Seed = 4 }).Resume(options.CheckpointPath!, data));
        Assert.Contains("another run", otherSeed.Message);
        var otherData = Assert.Throws<InvalidDataException>(() => new Trainer(network, options).Resume(options.CheckpointPath!, TrainerTests.Blobs(40, seed: 6)));
        Assert.Contains("another run", otherData.Message);

        byte[] file = File.ReadAllBytes(options.CheckpointPath!);
        for (int length = 0; length < file.Length; length += 7)
        {
            File.WriteAllBytes(Path("cut.ngtc"), file.AsSpan(0, length).ToArray());
            Assert.Throws<InvalidDataException>(() => new Trainer(network, options).Resume(Path("cut.ngtc"), data));
        }
        for (int bit = 0; bit < file.Length * 8; bit += 61)
        {
            var damaged = (byte[])file.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            File.WriteAllBytes(Path("flipped.ngtc"), damaged);
            Assert.Throws<InvalidDataException>(() => new Trainer(network, options).Resume(Path("flipped.ngtc"), data));
        }
        Assert.Equal(before, Parameters(network));
    }

    /// <summary>
    /// A file of another kind is refused from its first bytes: here a named pipe whose writer keeps it open after 68 bytes
    /// of a weights file, so a reader that wanted the whole file first would wait for the writer to give up.
    /// </summary>
    [Fact]
    public async System.Threading.Tasks.Task Resume_refuses_another_kind_of_file_from_its_magic_without_reading_on()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return; // named pipes as files: Unix only
        string pipe = Path("pipe.ngtc");
        Assert.Equal(0, MakeFifo(pipe, 0x180)); // rw-------
        var data = TrainerTests.Blobs(20, seed: 5);
        using var refused = new ManualResetEventSlim();
        bool writerGaveUp = false;
        var writer = System.Threading.Tasks.Task.Run(() =>
        {
            using var stream = new FileStream(pipe, FileMode.Open, FileAccess.Write);
            stream.Write("NGWF"u8);
            stream.Write(new byte[64]);
            stream.Flush();
            Volatile.Write(ref writerGaveUp, !refused.Wait(TimeSpan.FromSeconds(10))); // set before the pipe closes
        });

        var error = Assert.Throws<InvalidDataException>(() => new Trainer(new TorchIrisNet(seed: 1), new TrainerOptions { Epochs = 2 }).Resume(pipe, data));
        bool gaveUp = Volatile.Read(ref writerGaveUp);
        refused.Set();
        await writer;
        Assert.Contains("Not a NetGen trainer checkpoint", error.Message);
        Assert.False(gaveUp, "Resume read until the writer closed the pipe");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo(string path, uint mode);

    /// <summary>A fingerprint that is not a string (a bad length, a negative one, invalid UTF-8) under a right checksum: refused as damage, named.</summary>
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]
    [InlineData(new byte[] { 2, 0xC3, 0x28 })]
    public void A_checkpoint_whose_fingerprint_is_not_text_is_refused_and_named(byte[] fingerprint)
    {
        byte[] body = [.. "NGTC"u8, 1, 0, 0, 0, .. fingerprint, .. new byte[40]];
        byte[] file = [.. body, .. BitConverter.GetBytes(WeightsFileTests.CrcOf(body))];
        File.WriteAllBytes(Path("text.ngtc"), file);
        var error = Assert.Throws<InvalidDataException>(() => new Trainer(new TorchIrisNet(seed: 1)).Resume(Path("text.ngtc"), TrainerTests.Blobs(20, seed: 5)));
        Assert.Contains("fingerprint", error.Message);
    }

    /// <summary>Reports on the calling thread, synchronously.</summary>
    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
