using System;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

// mnist's network: one prediction, one training step, the prediction again.
torch.set_num_threads(1);
torch.manual_seed(0);
var model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10));
var optimizer = optim.SGD(model.parameters(), 0.01, 0.9);
using var input = torch.full(1, 784, 0.5f);
using var label = torch.tensor(new long[] { 3 });
float First()
{
    using var scope = torch.NewDisposeScope();
    using var noGrad = torch.no_grad();
    return model.forward(input).data<float>()[0];
}
Console.Write(string.Create(CultureInfo.InvariantCulture, $"before {First():0.00000} "));
using (torch.NewDisposeScope())
{
    optimizer.zero_grad();
    nn.functional.cross_entropy(model.forward(input), label).backward();
    optimizer.step();
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"after {First():0.00000}"));
