using System;
using System.Globalization;
using NetGen;

// mnist's network: one prediction, one training step, the prediction again.
var network = new MnistNet();
float[] input = new float[784], output = new float[10];
Array.Fill(input, 0.5f);
network.Predict(input, output);
Console.Write(string.Create(CultureInfo.InvariantCulture, $"before {output[0]:0.00000} "));
network.TrainBatch(input, [3]);
network.Predict(input, output);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"after {output[0]:0.00000}"));

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Sgd, Momentum = 0.9f, LearningRate = 0.01f, BatchSize = 1, Seed = 0)]
[Input(784)]
[Dense(128, Activation.Relu)]
[Dense(10)]
public sealed partial class MnistNet { }
