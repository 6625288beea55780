using Xunit;
using static NetGen.Numerics.Tests.Support.NetworkState;

namespace NetGen.Numerics.Tests;

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 20)]
[Input(4)]
[Dense(16, Activation.Relu)]
[Dense(3)]
public partial class LabelsThreeClasses { }

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.1f, BatchSize = 20)]
[Input(8)]
[Dense(16, Activation.Tanh)]
[Dense(10)]
public partial class LabelsTenClasses { }

/// <summary>
/// A batch given as class labels reaches the softmax cross-entropy kernel as labels (no one-hot rows): it must train
/// exactly as the same batch given as one-hot rows, whole blocks of rows in lanes and the rows left over alike.
/// </summary>
public class LabelLossTests
{
    [Theory]
    [InlineData(20)] // a block of 16 (Vector512), 8 or 4 rows and the rows left over
    [InlineData(16)]
    [InlineData(7)]
    [InlineData(2)]
    public void Labels_train_bit_for_bit_as_one_hot_rows(int rows)
    {
        AssertLabelsTrainAsOneHot(new LabelsThreeClasses(seed: 4), new LabelsThreeClasses(seed: 4), rows);
        AssertLabelsTrainAsOneHot(new LabelsTenClasses(seed: 6), new LabelsTenClasses(seed: 6), rows);
    }

    private static void AssertLabelsTrainAsOneHot(IClassifier byLabels, INetwork byRows, int rows)
    {
        var (inputs, _) = GradientCheckTests.Data(byRows, rows, seed: rows);
        int classes = byRows.OutputSize;
        var labels = new int[rows];
        var oneHot = new float[rows * classes];
        for (int r = 0; r < rows; r++)
        {
            labels[r] = (r * 7 + 3) % classes;
            oneHot[r * classes + labels[r]] = 1f;
        }
        for (int step = 0; step < 4; step++)
            Assert.Equal(Bits(byRows.TrainBatch(inputs, oneHot)), Bits(byLabels.TrainBatch(inputs, labels)));
        Assert.Equal(Bits(byRows.ComputeGradients(inputs, oneHot)), Bits(byLabels.ComputeGradients(inputs, labels)));
        Assert.Equal(Bits(Gradients(byRows)), Bits(Gradients(byLabels)));
        Assert.Equal(Bits(Parameters(byRows)), Bits(Parameters(byLabels)));
    }
}
