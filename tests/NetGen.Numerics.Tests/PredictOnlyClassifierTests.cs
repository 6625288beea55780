using System;
using Xunit;

namespace NetGen.Numerics.Tests;

// A cross-entropy classifier that is never trained: its label overloads (ComputeLoss, Evaluate) and their one-hot
// buffer are generated too. Its generated code used to name OneHot without declaring it (CS0103, issue 22).
[Network(Trainable = false, Loss = Loss.CrossEntropy, BatchSize = 8)]
[Input(4), Dense(6, Activation.Tanh), Dense(3)]
public partial class PredictOnlyClassifier { }

public class PredictOnlyClassifierTests
{
    [Fact]
    public void Labels_give_the_loss_and_evaluation_of_their_one_hot_rows()
    {
        var network = new PredictOnlyClassifier();
        var random = new Random(5);
        var parameters = new float[PredictOnlyClassifier.ParameterCount];
        for (int k = 0; k < parameters.Length; k++)
            parameters[k] = (float)(random.NextDouble() * 2 - 1);
        network.SetParameters(parameters);

        const int rows = 8;
        var inputs = new float[rows * PredictOnlyClassifier.InputSize];
        for (int k = 0; k < inputs.Length; k++)
            inputs[k] = (float)(random.NextDouble() * 4 - 2);
        var labels = new int[rows];
        var targets = new float[rows * PredictOnlyClassifier.OutputSize];
        for (int r = 0; r < rows; r++)
        {
            labels[r] = random.Next(PredictOnlyClassifier.OutputSize);
            targets[r * PredictOnlyClassifier.OutputSize + labels[r]] = 1f;
        }

        Assert.Equal(network.ComputeLoss(inputs, targets), network.ComputeLoss(inputs, labels));
        Assert.Equal(network.Evaluate(inputs, targets), network.Evaluate(inputs, labels));
        Assert.Throws<ArgumentOutOfRangeException>(() => network.Evaluate(inputs, [0, 1, 2, 3, 0, 1, 2, 0]));
    }
}
