using System;
using System.Globalization;
using System.IO;
using System.Runtime.Intrinsics;
using NetGen;
using Samples.AotApp;

// The first prediction, from weights compiled into the binary. With --first-prediction the app stops
// here: measure.sh times whole runs of that (start to first prediction to exit).
Span<float> output = stackalloc float[1];
new XorModel().Predict([1f, 0f], output);
if (args is ["--first-prediction"])
{
    Console.WriteLine(output[0].ToString("0.0000", CultureInfo.InvariantCulture));
    return 0;
}

Console.WriteLine($"SIMD: Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, Vector128 {Vector128.IsHardwareAccelerated}");
float[][] inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];

// 1. Embedded weights: trained elsewhere, compiled in.
Report("embedded", new XorModel(), inputs);

// 2. Train with the runtime's Trainer, then save and reload in both formats.
var data = new DataSet([0, 0, 0, 1, 1, 0, 1, 1], 2, [0f, 1f, 1f, 0f], 1);
var network = new XorNet();
var result = new Trainer(network, new TrainerOptions { Epochs = 2000, BatchSize = 1, Seed = 3 }).Fit(data);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained: {result.History.Count} epochs, final loss {result.Last.TrainingLoss:0.0000}"));
Report("trained", network, inputs);

var saved = new MemoryStream();
network.Save(saved);
Report("reloaded", XorNet.Load(new MemoryStream(saved.ToArray())), inputs);

var safetensors = new MemoryStream();
network.SaveSafetensors(safetensors);
var imported = new XorNet(seed: 99);
imported.LoadSafetensors(new MemoryStream(safetensors.ToArray()));
Report("safetensors", imported, inputs);

// 3. A batch of 20 rows: PredictBatch takes whole blocks of the vector lanes with a row in each lane (4 rows on the
// default instruction set, 8 on x86-64-v3), the rest row by row; each row as Predict gives it.
ReportBatch("batch", network, inputs, repeats: 5);
return 0;

// One line per model: the answers (what must not depend on the instruction set) and the probabilities.
static void Report(string name, IPredictor model, float[][] inputs)
{
    Span<float> p = stackalloc float[1];
    var answers = new char[inputs.Length];
    var probabilities = new string[inputs.Length];
    for (int i = 0; i < inputs.Length; i++)
    {
        model.Predict(inputs[i], p);
        answers[i] = p[0] >= 0.5f ? '1' : '0';
        probabilities[i] = p[0].ToString("0.000", CultureInfo.InvariantCulture);
    }
    Console.WriteLine($"answers {name}: {new string(answers)}  p = [{string.Join(", ", probabilities)}]");
}

// The answers of the inputs repeated, predicted in one PredictBatch call, and whether each row is Predict's.
static void ReportBatch(string name, IPredictor model, float[][] inputs, int repeats)
{
    int rows = inputs.Length * repeats;
    var batch = new float[rows * 2];
    for (int r = 0; r < rows; r++)
        inputs[r % inputs.Length].CopyTo(batch, r * 2);
    var outputs = new float[rows];
    model.PredictBatch(batch, outputs);
    Span<float> p = stackalloc float[1];
    var answers = new char[rows];
    bool agrees = true;
    for (int r = 0; r < rows; r++)
    {
        model.Predict(inputs[r % inputs.Length], p);
        agrees &= MathF.Abs(outputs[r] - p[0]) <= 1e-6f;
        answers[r] = outputs[r] >= 0.5f ? '1' : '0';
    }
    Console.WriteLine($"answers {name}: {new string(answers)}  (each row as Predict gives it: {(agrees ? "yes" : "no")})");
}
