using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.Testing;
using Xunit;

namespace NetGen.Analyzers.Tests;

/// <summary>
/// Declarations the generator refuses, as the IDE sees them while the user types: no rule fails (AD0001, once per rule)
/// and none warns; the generator's NG0xxx error says what is wrong.
/// </summary>
public class RobustnessTests
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> All = [.. typeof(NetworkAnalyzer).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(NetworkAnalyzer)) && !t.IsAbstract)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];

    [Theory]
    [InlineData("[Network] [Input(2)] [Dense(4, Activation.Tanh)] [Dense(1, (Activation)99)] public partial class Net { }")]
    [InlineData("[Network] [Input(2)] [Dense(-1000000000)] [Dense(1)] public partial class Net { }")]
    [InlineData("[Network] [Input(2)] [Dense(4, Activation.Maxout, Pieces = -1000000000)] [Dense(1)] public partial class Net { }")]
    [InlineData("[Network(BatchSize = 100000)] [Input(30000)] [Dense(1)] public partial class Net { }")]
    [InlineData("[Network(Loss = )] [Input(2)] [Dense(1)] public partial class Net { }")]
    [InlineData("[Network] [Input] [Dense] public partial class Net { }")]
    public async Task No_rule_fails_on_a_refused_declaration(string declaration)
    {
        var compilation = TestCompilation.Create("using NetGen;\n" + declaration);
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(All, options).GetAnalyzerDiagnosticsAsync();
        Assert.Empty(diagnostics);
    }
}
