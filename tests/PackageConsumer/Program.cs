using System.Globalization;
using NetGen;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // NetGen.Package.Tests reads the figures printed below

var network = new ConsumerXorNet();
float[][] inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
float[] targets = [0, 1, 1, 0];
for (int epoch = 0; epoch < 2000; epoch++)
    for (int i = 0; i < 4; i++)
        network.TrainStep(inputs[i], [targets[i]]);

int correct = 0;
Span<float> output = stackalloc float[ConsumerXorNet.OutputSize];
for (int i = 0; i < 4; i++)
{
    network.Predict(inputs[i], output);
    correct += (output[0] >= 0.5f ? 1f : 0f) == targets[i] ? 1 : 0;
}
Console.WriteLine($"{ConsumerXorNet.Architecture}: {correct}/4 correct");

// The README's snippets (ReadmeSnippets.cs), run as pasted; the iris CSV is copied next to the project.
var (xor, reloaded) = ReadmeSnippets.FirstSteps();
Console.WriteLine($"README XorNet: Predict(1, 0) = {xor:0.000}, reloaded {reloaded:0.000}");
ReadmeSnippets.TrainOnRealData();

// Binary classification and regression on real data (RealData.cs; the data folder is copied next to the project).
Console.WriteLine($"breast cancer: {RealData.BreastCancer():P1} of the held-out rows right");
var diabetes = RealData.Diabetes();
Console.WriteLine($"diabetes: R² {diabetes.RSquared:0.000}, RMSE {diabetes.Rmse:0.0} on the held-out rows; first row {diabetes.FirstPrediction:0.0} (target {diabetes.FirstTarget:0})");

// He initialization before tanh is what NG1004 warns about, on purpose: the build must show the warning.
[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.5f, Seed = 7)]
[Input(2)]
[Dense(4, Activation.Tanh, Init = Init.HeUniform)]
[Dense(1, Activation.Sigmoid)]
public partial class ConsumerXorNet { }
