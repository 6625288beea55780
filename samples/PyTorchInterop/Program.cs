using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using NetGen;
using Samples.PyTorchInterop;

// NetGen's half of roundtrip.py: take PyTorch's weights, check NetGen predicts what PyTorch did,
// train further here, and hand the result back to PyTorch.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: dotnet run --project samples/PyTorchInterop -- <folder written by roundtrip.py>");
    return 2;
}
string folder = args[0];
using var exchange = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "torch.json")));
float[][] Rows(string name) => exchange.RootElement.GetProperty(name).EnumerateArray()
    .Select(row => row.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
float[][] inputs = Rows("inputs"), torchLogits = Rows("logits");
int[] labels = exchange.RootElement.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();

// 1. PyTorch → NetGen.
var network = new IrisTorchNet();
network.LoadSafetensors(Path.Combine(folder, "torch.safetensors"));
float worst = 0f;
var logits = new float[inputs.Length * IrisTorchNet.OutputSize];
network.PredictBatch(inputs.SelectMany(r => r).ToArray(), logits);
for (int r = 0; r < inputs.Length; r++)
    for (int k = 0; k < IrisTorchNet.OutputSize; k++)
        worst = MathF.Max(worst, MathF.Abs(logits[r * 3 + k] - torchLogits[r][k]));
Console.WriteLine($"NetGen on PyTorch's weights: largest logit difference {worst:E2} over {inputs.Length} rows");
if (worst > 1e-4f) return 1;

// 2. Train on here: 50 more full-batch Adam steps (a fresh optimizer state, as PyTorch's would be).
var data = new DataSet(inputs.SelectMany(r => r).ToArray(), 4, labels, 3);
var result = new Trainer(network, new TrainerOptions { Epochs = 50, Shuffle = false }).Fit(data);
Console.WriteLine($"trained 50 more steps in NetGen: loss {result.History[0].TrainingLoss:0.0000} → {result.Last.TrainingLoss:0.0000}, accuracy {result.Last.TrainingAccuracy:P1}");

// 3. NetGen → PyTorch: the weights, and what NetGen predicts with them, for roundtrip.py to check.
network.SaveSafetensors(Path.Combine(folder, "netgen.safetensors"));
network.PredictBatch(data.Inputs, logits);
File.WriteAllText(Path.Combine(folder, "netgen.json"), JsonSerializer.Serialize(logits.Chunk(3).ToArray(), NetGenJson.Default.SingleArrayArray));
Console.WriteLine($"wrote netgen.safetensors and netgen.json to {folder}");
return 0;

/// <summary>Source-generated JSON for the one shape written here.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(float[][]))]
internal partial class NetGenJson : System.Text.Json.Serialization.JsonSerializerContext;
