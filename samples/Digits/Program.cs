using System;
using Samples.Digits;

Console.WriteLine($"DigitsNet: {DigitsNet.Architecture}, {DigitsNet.ParameterCount} parameters");
var (network, test, evaluation) = DigitsSample.Run("digits-training.svg");
Console.WriteLine($"Held-out accuracy: {evaluation.Accuracy:P1} of {evaluation.Rows} images (loss {evaluation.Loss:0.0000}). Curves: digits-training.svg");

// Draw the first held-out digit and what the network reads.
var pixels = test.InputRow(0);
for (int row = 0; row < 8; row++)
{
    for (int column = 0; column < 8; column++)
        Console.Write(" .:-=+*#%@"[(int)MathF.Round(pixels[row * 8 + column] * 9)]);
    Console.WriteLine();
}
Span<float> logits = stackalloc float[DigitsNet.OutputSize];
network.Predict(pixels, logits);
int predicted = 0;
for (int k = 1; k < logits.Length; k++) if (logits[k] > logits[predicted]) predicted = k;
Console.WriteLine($"Read as {predicted}; labelled {test.Labels[0]}.");
return evaluation.Accuracy >= 0.95f ? 0 : 1;
