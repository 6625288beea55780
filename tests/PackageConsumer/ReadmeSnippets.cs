// readme:begin
using NetGen;

[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.5f, BatchSize = 4, Seed = 7)]
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class XorNet { }
// readme:end

/// <summary>
/// The C# blocks of the repository's README.md, verbatim between the readme markers and in the README's order
/// (NetGen.Package.Tests checks both), so the consumer project compiles them against the package and runs them.
/// </summary>
public static partial class ReadmeSnippets
{
    /// <summary>The first steps with XorNet; returns its prediction for (1, 0) and the reloaded network's.</summary>
    public static (float Output, float Reloaded) FirstSteps()
    {
        // readme:begin
        var net = new XorNet();                                  // weights drawn from Seed 7
        float loss = net.TrainStep([0f, 1f], [1f]);              // one sample: forward, loss, backward, step
        float[] inputs = [0, 0, 0, 1, 1, 0, 1, 1], targets = [0, 1, 1, 0];
        for (int epoch = 0; epoch < 1000; epoch++)
            net.TrainBatch(inputs, targets);                     // 1..BatchSize rows, row-major
        var output = new float[XorNet.OutputSize];
        net.Predict([1f, 0f], output);                           // output[0] is near 1
        net.Save("xor.ngw");                                     // versioned, hashed, checksummed
        var again = XorNet.Load("xor.ngw");
        // readme:end
        var reloaded = new float[XorNet.OutputSize];
        again.Predict([1f, 0f], reloaded);
        return (output[0], reloaded[0]);
    }
}

// readme:begin
[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 16)]
[Input(4)]
[Dense(8, Activation.Tanh)]
[Dense(3)]                                 // class logits: the softmax is inside the loss
public partial class IrisNet { }
// readme:end

public static partial class ReadmeSnippets
{
    /// <summary>Iris from the CSV next to the program, with Trainer; prints the held-out accuracy.</summary>
    public static void TrainOnRealData()
    {
        // readme:begin
        var data = CsvLoader.Load("iris.csv", new CsvOptions { HasHeader = true });   // or IdxLoader.Load(images, labels)
        var (train, test) = data.Split(0.8, seed: 42);
        var iris = new IrisNet();
        var result = new Trainer(iris, new TrainerOptions { Epochs = 60, ValidationFraction = 0.1, Patience = 8 })
            .Fit(train, progress: new ConsoleProgress());                             // seeded, allocation-free per batch
        Console.WriteLine($"held out: {iris.Evaluate(test.Inputs, test.Labels).Accuracy:P0}");
        iris.SaveSafetensors("iris.safetensors");                                    // nn.Sequential state_dict names
        iris.SaveEmbeddable("iris.ngw");   // then [Network(Weights = "iris.ngw")] compiles the weights in
        // readme:end
    }
}
