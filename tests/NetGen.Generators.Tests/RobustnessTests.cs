using NetGen.Generators;
using NetGen.Testing;
using Xunit;

namespace NetGen.Generators.Tests;

/// <summary>
/// Half-typed and broken declarations, as the IDE sees them while the user types: the generator
/// must never throw (CS8785 would silently drop all its output) nor claim an internal failure.
/// </summary>
public class RobustnessTests
{
    [Theory]
    [InlineData("[Network(Loss = )] [Input(2)] [Dense(1)] public partial class Net { }")]
    [InlineData("[Network] [Input(\"two\")] [Dense(1)] public partial class Net { }")]
    [InlineData("[Network] [Input] [Dense] public partial class Net { }")]
    [InlineData("[Network] [Input(2)] [Dense(1, Activation.Nope)] public partial class Net { }")]
    [InlineData("[Network(LearningRate = float.NaN)] [Input(2)] [Dense(1)] public partial class Net { }")]
    [InlineData("[Network(Seed = int.MinValue)] [Input(2)] [Dense(1)] public partial class Net { }")]
    [InlineData("[Network] [Input(2)] [Dense(1)] [Dense(2)] [Dense(3, Activation.Softmax)] public partial class Net")]
    [InlineData("[Network] [Input(2)] [Dense(1)] public partial struct Net { }")]
    [InlineData("[Network] [Input(2)] [Dense(1)] public static partial class Net { }")]
    [InlineData("[Network] [Input(2)] [Dense(1)] public abstract partial class Net { }")]
    [InlineData("[Network] [Input(2)] [Dense(1, (Activation)99)] public partial class Net { }")]
    [InlineData("[Network] [Input(2)] [Dense(-1000000000)] [Dense(-1000000000)] public partial class Net { }")]
    [InlineData("[Network] [Input(2)] [Dense(4, Activation.Maxout, Pieces = -1000000000)] [Dense(1)] public partial class Net { }")]
    [InlineData("[Network] [Input(2)] [Dense(1)] public partial class Net : Modle { }")]
    public void Never_throws_on_broken_declarations(string declaration)
    {
        var run = GeneratorHarness.Run(new NetworkGenerator(), "using NetGen;\n" + declaration);
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Id == "CS8785");
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "NG0099" || d.Id == "CS8785");
    }
}
