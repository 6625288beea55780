using System;
using Samples.Iris;

Console.WriteLine($"IrisNet: {IrisNet.Architecture}, {IrisNet.ParameterCount} parameters");
var (network, test, evaluation) = IrisSample.Run("iris-training.svg");
Console.WriteLine($"Held-out accuracy: {evaluation.Accuracy:P1} of {evaluation.Rows} rows (loss {evaluation.Loss:0.0000}). Curves: iris-training.svg");

// Ask about the first held-out flower (its features are already standardized).
Span<float> logits = stackalloc float[IrisNet.OutputSize];
network.Predict(test.InputRow(0), logits);
int predicted = 0;
for (int k = 1; k < logits.Length; k++) if (logits[k] > logits[predicted]) predicted = k;
Console.WriteLine($"First held-out flower: predicted {IrisSample.Species[predicted]}, labelled {IrisSample.Species[test.Labels[0]]}");
return evaluation.Accuracy >= 0.9f ? 0 : 1;
