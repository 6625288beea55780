using System;
using System.IO;
using Samples.Mnist;

if (args.Length is < 1 or > 2 || (args.Length == 2 && !int.TryParse(args[1], out _)))
{
    Console.Error.WriteLine("""
        usage: dotnet run --project samples/Mnist -- <folder with the MNIST IDX files> [epochs, default 5]

        The folder holds train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
        t10k-labels-idx1-ubyte, each plain or gzipped (.gz) as distributed by the MNIST mirrors.
        """);
    return 2;
}
int epochs = args.Length == 2 ? int.Parse(args[1]) : 5;
try
{
    Console.WriteLine($"MnistNet: {MnistNet.Architecture}, {MnistNet.ParameterCount} parameters");
    var (_, test) = MnistSample.Run(args[0], epochs, "mnist-training.svg");
    Console.WriteLine($"Test accuracy: {test.Accuracy:P2} of {test.Rows} images (loss {test.Loss:0.0000}). Curves: mnist-training.svg");
    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
