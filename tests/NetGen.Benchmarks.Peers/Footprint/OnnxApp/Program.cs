using System;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;

// mnist's network exported by Onnx/export_onnx.py (path in args[0]): one prediction (inference only).
using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
using var session = new InferenceSession(args[0], options);
float[] input = new float[784], output = new float[10];
Array.Fill(input, 0.5f);
using var x = OrtValue.CreateTensorValueFromMemory(input, [1, 784]);
using var y = OrtValue.CreateTensorValueFromMemory(output, [1, 10]);
using var run = new RunOptions();
session.Run(run, ["x"], [x], ["y"], [y]);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"predict {output[0]:0.00000}"));
