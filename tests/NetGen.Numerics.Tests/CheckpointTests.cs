using System;
using System.IO;
using Xunit;
using static NetGen.Numerics.Tests.Support.NetworkState;

namespace NetGen.Numerics.Tests;

/// <summary>
/// A checkpoint holds everything training needs: a network loaded from one continues exactly as the network that wrote it
/// (every optimizer, schedule and random stream), a damaged or mismatched checkpoint changes nothing, and a file is
/// replaced whole or not at all.
/// </summary>
public class CheckpointTests
{
    public static TheoryData<string> Networks =>
    [
        nameof(XorSgd), nameof(SgdMomentumDecayMse), nameof(EluSeluGeluNesterov), nameof(AdamSoftmaxCrossEntropy),
        nameof(LearnableActivationsAdamW), nameof(SmoothActivationsRmsProp), nameof(CReluMaxoutAdaGradHuber),
        nameof(LogitsAdamStepSchedule), nameof(FocalExponentialSchedule), nameof(KullbackLeiblerCosine),
        nameof(RReluPredict), nameof(FrozenBiasFreeAdam), nameof(FrozenMiddleMomentum), nameof(AdamClipNormFused),
        nameof(MaePenaltiesPerLayerClip), nameof(NewtonTiny),
    ];

    internal static INetwork Create(string name, int seed) => name switch
    {
        nameof(XorSgd) => new XorSgd(seed),
        nameof(SgdMomentumDecayMse) => new SgdMomentumDecayMse(seed),
        nameof(EluSeluGeluNesterov) => new EluSeluGeluNesterov(seed),
        nameof(AdamSoftmaxCrossEntropy) => new AdamSoftmaxCrossEntropy(seed),
        nameof(LearnableActivationsAdamW) => new LearnableActivationsAdamW(seed),
        nameof(SmoothActivationsRmsProp) => new SmoothActivationsRmsProp(seed),
        nameof(CReluMaxoutAdaGradHuber) => new CReluMaxoutAdaGradHuber(seed),
        nameof(LogitsAdamStepSchedule) => new LogitsAdamStepSchedule(seed),
        nameof(FocalExponentialSchedule) => new FocalExponentialSchedule(seed),
        nameof(KullbackLeiblerCosine) => new KullbackLeiblerCosine(seed),
        nameof(RReluPredict) => new RReluPredict(seed),
        nameof(FrozenBiasFreeAdam) => new FrozenBiasFreeAdam(seed),
        nameof(FrozenMiddleMomentum) => new FrozenMiddleMomentum(seed),
        nameof(AdamClipNormFused) => new AdamClipNormFused(seed),
        nameof(MaePenaltiesPerLayerClip) => new MaePenaltiesPerLayerClip(seed),
        nameof(NewtonTiny) => new NewtonTiny(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Training_resumed_from_a_checkpoint_continues_bit_for_bit(string name)
    {
        var uninterrupted = Create(name, seed: 5);
        var interrupted = Create(name, seed: 5);
        var batches = new (float[] Inputs, float[] Targets)[8];
        for (int b = 0; b < batches.Length; b++)
            batches[b] = GradientCheckTests.Data(uninterrupted, uninterrupted.BatchSize, seed: 10 + b);
        uninterrupted.LearningRate *= 0.75f; // a rate set at run time is part of the state
        interrupted.LearningRate *= 0.75f;
        for (int b = 0; b < 4; b++)
            Assert.Equal(uninterrupted.TrainBatch(batches[b].Inputs, batches[b].Targets), interrupted.TrainBatch(batches[b].Inputs, batches[b].Targets));

        var checkpoint = new MemoryStream();
        interrupted.SaveCheckpoint(checkpoint);
        var resumed = Create(name, seed: 6); // other weights: everything must come from the checkpoint
        checkpoint.Position = 0;
        resumed.LoadCheckpoint(checkpoint);

        Assert.Equal(uninterrupted.LearningRate, resumed.LearningRate);
        for (int b = 4; b < batches.Length; b++)
        {
            float expected = uninterrupted.TrainBatch(batches[b].Inputs, batches[b].Targets);
            Assert.Equal(expected, resumed.TrainBatch(batches[b].Inputs, batches[b].Targets));
        }
        Assert.Equal(Parameters(uninterrupted), Parameters(resumed));
    }

    [Fact]
    public void Without_the_optimizer_state_resuming_Adam_differs_which_is_why_checkpoints_exist()
    {
        // The control: parameters alone (Save/Load) do not continue Adam's run, so the test above can fail.
        var uninterrupted = new AdamSoftmaxCrossEntropy(seed: 5);
        var (inputs, targets) = GradientCheckTests.Data(uninterrupted, 5, seed: 1);
        for (int s = 0; s < 3; s++) uninterrupted.TrainBatch(inputs, targets);
        var weights = new MemoryStream();
        uninterrupted.Save(weights);
        weights.Position = 0;
        var reloaded = AdamSoftmaxCrossEntropy.Load(weights);
        uninterrupted.TrainBatch(inputs, targets);
        reloaded.TrainBatch(inputs, targets);
        Assert.NotEqual(Parameters(uninterrupted), Parameters(reloaded));
    }

    [Fact]
    public void A_checkpoint_of_another_architecture_optimizer_or_kind_of_file_changes_nothing()
    {
        var target = new AdamSoftmaxCrossEntropy(seed: 5);
        var (inputs, targets) = GradientCheckTests.Data(target, 5, seed: 1);
        target.TrainBatch(inputs, targets);
        var before = State(target);

        var otherArchitecture = new MemoryStream();
        new AdamClipNormFused(seed: 1).SaveCheckpoint(otherArchitecture);
        var error = Assert.Throws<InvalidDataException>(() => target.LoadCheckpoint(new MemoryStream(otherArchitecture.ToArray())));
        Assert.Contains("another architecture", error.Message);

        var weightsFile = new MemoryStream();
        target.Save(weightsFile);
        error = Assert.Throws<InvalidDataException>(() => target.LoadCheckpoint(new MemoryStream(weightsFile.ToArray())));
        Assert.Contains("Not a NetGen checkpoint", error.Message);

        Assert.Equal(before, State(target));
    }

    [Fact]
    public void A_checkpoint_of_the_same_architecture_with_another_optimizer_is_refused()
    {
        // XorSgd and AdamOnXorShape share 2 → 4 Tanh → 1 Sigmoid; SGD keeps no buffers, Adam two.
        var sgd = new MemoryStream();
        new XorSgd(seed: 1).SaveCheckpoint(sgd);
        var adam = new AdamOnXorShape(seed: 2);
        var before = State(adam);
        var error = Assert.Throws<InvalidDataException>(() => adam.LoadCheckpoint(new MemoryStream(sgd.ToArray())));
        Assert.Contains("another optimizer", error.Message);
        Assert.Equal(before, State(adam));
    }

    [Fact]
    public void Every_truncation_and_every_flipped_bit_of_a_checkpoint_is_refused_and_changes_nothing()
    {
        var saved = new FrozenBiasFreeAdam(seed: 5);
        var (inputs, targets) = GradientCheckTests.Data(saved, 5, seed: 1);
        saved.TrainBatch(inputs, targets);
        var stream = new MemoryStream();
        saved.SaveCheckpoint(stream);
        byte[] file = stream.ToArray();
        var target = new FrozenBiasFreeAdam(seed: 6);
        var before = State(target);
        for (int length = 0; length < file.Length; length++)
            Assert.Throws<InvalidDataException>(() => target.LoadCheckpoint(new MemoryStream(file, 0, length)));
        for (int bit = 0; bit < file.Length * 8; bit += 3)
        {
            var damaged = (byte[])file.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<InvalidDataException>(() => target.LoadCheckpoint(new MemoryStream(damaged)));
        }
        Assert.Equal(before, State(target));
    }

    [Fact]
    public void A_checkpoint_that_goes_on_after_its_checksum_is_refused_and_changes_nothing()
    {
        var target = new AdamSoftmaxCrossEntropy(seed: 5);
        var before = State(target);
        byte[] longer = [.. State(new AdamSoftmaxCrossEntropy(seed: 6)), 0];
        var error = Assert.Throws<InvalidDataException>(() => target.LoadCheckpoint(new MemoryStream(longer)));
        Assert.Contains("after its checksum", error.Message);
        Assert.Equal(before, State(target));
    }

    /// <summary>
    /// Values no training reaches, in a checkpoint whose checksum is right: a negative exp_avg_sq (Adam would take its
    /// square root) and a step count that the next step would overflow.
    /// </summary>
    [Theory]
    [InlineData("exp_avg_sq")]
    [InlineData("step")]
    public void A_checkpoint_holding_state_no_training_reaches_is_refused_and_changes_nothing(string damage)
    {
        var saved = new AdamSoftmaxCrossEntropy(seed: 5);
        var (inputs, targets) = GradientCheckTests.Data(saved, 5, seed: 1);
        saved.TrainBatch(inputs, targets);
        byte[] file = State(saved);
        int count = BitConverter.ToInt32(file, 16), length = BitConverter.ToInt32(file, 24), description = BitConverter.ToUInt16(file, 52);
        if (damage == "step")
            BitConverter.GetBytes(long.MaxValue).CopyTo(file, 28);
        else // buffer 1 (exp_avg_sq), its value 3
            BitConverter.GetBytes(-1e-6f).CopyTo(file, 54 + description + 4 * (count + length + 3));
        BitConverter.GetBytes(WeightsFileTests.CrcOf(file.AsSpan(0, file.Length - 4))).CopyTo(file, file.Length - 4);

        var target = new AdamSoftmaxCrossEntropy(seed: 6);
        var before = State(target);
        var error = Assert.Throws<InvalidDataException>(() => target.LoadCheckpoint(new MemoryStream(file)));
        Assert.Contains(damage == "step" ? "step count" : "exp_avg_sq", error.Message);
        Assert.Equal(before, State(target));
    }

    [Fact]
    public void A_checkpoint_file_is_replaced_whole_or_left_as_it_was()
    {
        string directory = Directory.CreateTempSubdirectory("netgen-checkpoint-").FullName;
        try
        {
            string path = Path.Combine(directory, "model.ngcp");
            var network = new AdamSoftmaxCrossEntropy(seed: 5);
            network.SaveCheckpoint(path);
            byte[] first = File.ReadAllBytes(path);

            // A write that dies midway (a disk error, a crash in the caller's stream code): the old file stays whole.
            var failure = Assert.Throws<IOException>(() => Runtime.AtomicFile.Write(path, stream =>
            {
                stream.Write(new byte[100]);
                throw new IOException("the disk is gone");
            }));
            Assert.Equal("the disk is gone", failure.Message);
            Assert.Equal(first, File.ReadAllBytes(path));
            Assert.Single(Directory.GetFiles(directory)); // no temporary file left behind

            var (inputs, targets) = GradientCheckTests.Data(network, 5, seed: 1);
            network.TrainBatch(inputs, targets);
            network.SaveCheckpoint(path);
            var reloaded = new AdamSoftmaxCrossEntropy(seed: 9);
            reloaded.LoadCheckpoint(path);
            Assert.Equal(State(network), State(reloaded));
            Assert.Single(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Save_to_a_path_is_atomic_too()
    {
        string directory = Directory.CreateTempSubdirectory("netgen-weights-").FullName;
        try
        {
            string path = Path.Combine(directory, "model.ngw");
            var network = new AdamSoftmaxCrossEntropy(seed: 5);
            network.Save(path);
            Assert.Equal(Parameters(network), Parameters(AdamSoftmaxCrossEntropy.Load(path)));
            Assert.Single(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Everything a checkpoint holds, as its bytes: equal states write equal checkpoints.</summary>
    private static byte[] State(INetwork network)
    {
        var stream = new MemoryStream();
        network.SaveCheckpoint(stream);
        return stream.ToArray();
    }
}

[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.05f, BatchSize = 5)]
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class AdamOnXorShape { }
