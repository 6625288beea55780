using System;
using System.IO;
using Samples.Xor;

// The four XOR points and their labels.
float[][] inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
float[] targets = [0, 1, 1, 0];

var network = new XorNet();
Console.WriteLine($"XorNet: {XorNet.Architecture}, {XorNet.ParameterCount} parameters, seed {XorNet.DefaultSeed}");

// Train one sample at a time, cycling through the four points.
const int Epochs = 2000;
for (int epoch = 1; epoch <= Epochs; epoch++)
{
    float loss = 0f;
    for (int i = 0; i < inputs.Length; i++)
        loss += network.TrainStep(inputs[i], [targets[i]]);
    if (epoch == 1 || epoch % 500 == 0)
        Console.WriteLine($"epoch {epoch,4}: mean loss {loss / inputs.Length:F5}");
}

// Predict, and round the probability to a class.
int correct = 0;
Span<float> output = stackalloc float[XorNet.OutputSize];
for (int i = 0; i < inputs.Length; i++)
{
    network.Predict(inputs[i], output);
    bool right = (output[0] >= 0.5f ? 1f : 0f) == targets[i];
    correct += right ? 1 : 0;
    Console.WriteLine($"  {inputs[i][0]} xor {inputs[i][1]} = {output[0]:F4} (target {targets[i]}){(right ? "" : "  wrong")}");
}
Console.WriteLine($"accuracy: {correct}/{inputs.Length}");

// Save and reload: the reloaded network predicts the same.
using var file = new MemoryStream();
network.Save(file);
file.Position = 0;
var reloaded = XorNet.Load(file);
Span<float> again = stackalloc float[XorNet.OutputSize];
reloaded.Predict(inputs[1], again);
network.Predict(inputs[1], output);
Console.WriteLine($"saved {file.Length} bytes; reloaded prediction for 0 xor 1: {again[0]:F4} (same: {again[0] == output[0]})");
return correct == inputs.Length ? 0 : 1;
