using System;
using System.Reflection;
using System.Threading;
using Xunit;

namespace NetGen.Numerics.Tests;

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 8, Seed = 51)]
[Input(6)]
[Dense(24, Activation.Relu)]
[Dense(3, Activation.Identity)]
public partial class SharedByThreads { }

/// <summary>
/// DetectConcurrentUse: a training member called while another thread holds the instance throws and changes nothing;
/// off, the check does not run; two threads training one instance at once are caught.
/// </summary>
public class ConcurrentUseTests
{
    private static readonly FieldInfo User = typeof(SharedByThreads).GetField("_user", BindingFlags.NonPublic | BindingFlags.Instance)!;

    private static (float[] Inputs, int[] Labels) Batch(int rows)
    {
        var inputs = new float[rows * 6];
        var labels = new int[rows];
        for (int k = 0; k < inputs.Length; k++) inputs[k] = (k * 37 % 19 - 9) / 9f;
        for (int r = 0; r < rows; r++) labels[r] = r % 3;
        return (inputs, labels);
    }

    [Fact]
    public void Every_training_member_throws_while_another_thread_holds_the_instance_and_changes_nothing()
    {
        var network = new SharedByThreads { DetectConcurrentUse = true };
        var (inputs, labels) = Batch(8);
        network.TrainBatch(inputs, labels); // the gradient buffer and the moments hold something
        var before = new float[SharedByThreads.ParameterCount];
        network.CopyParametersTo(before);
        User.SetValue(network, Environment.CurrentManagedThreadId + 1000); // as if another thread were inside
        Assert.Throws<InvalidOperationException>(() => network.TrainBatch(inputs, labels));
        Assert.Throws<InvalidOperationException>(() => network.ComputeGradients(inputs, labels));
        Assert.Throws<InvalidOperationException>(() => network.ApplyGradients());
        var after = new float[SharedByThreads.ParameterCount];
        network.CopyParametersTo(after);
        Assert.Equal(before, after);
        // Off, the check does not run; given back, the instance works again.
        network.DetectConcurrentUse = false;
        network.ComputeGradients(inputs, labels);
        network.DetectConcurrentUse = true;
        User.SetValue(network, 0);
        network.TrainBatch(inputs, labels);
        Assert.Equal(0, (int)User.GetValue(network)!);
    }

    [Fact]
    public void Two_threads_training_one_instance_at_once_are_caught()
    {
        var network = new SharedByThreads { DetectConcurrentUse = true };
        var (inputs, labels) = Batch(8);
        int caught = 0;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        void Train()
        {
            while (Volatile.Read(ref caught) == 0 && DateTime.UtcNow < deadline)
            {
                try { network.TrainBatch(inputs, labels); }
                catch (InvalidOperationException) { Interlocked.Increment(ref caught); }
            }
        }
        var other = new Thread(Train);
        other.Start();
        Train();
        other.Join();
        Assert.True(caught > 0, "two threads trained one instance for 20 s without a call overlapping another");
        Assert.Equal(0, (int)User.GetValue(network)!);
    }
}
