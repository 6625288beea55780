using System.Linq;
using System.Threading.Tasks;
using NetGen.Testing;
using Xunit;

namespace NetGen.Generators.Tests;

/// <summary>Every legal C# name for a network's class and namespace generates code that compiles, under a unique, valid hint name.</summary>
public class NamingTests
{
    [Theory]
    [InlineData("namespace A { [Network, Input(2), Dense(1)] public partial class Net { } }\nnamespace B { [Network, Input(3), Dense(1)] public partial class Net { } }", 2)]
    [InlineData("namespace @class { [Network, Input(2), Dense(1)] public partial class Net { } }", 1)]
    [InlineData("[Network, Input(2), Dense(1)] public partial class @event { }", 1)]
    [InlineData("namespace N.@void.Inner { [Network, Input(2), Dense(1)] public partial class @int { } }", 1)]
    [InlineData("[Network, Input(2), Dense(1)] public partial class Réseau { }", 1)]
    [InlineData("[Network, Input(2), Dense(1)] public partial class Net { }\n[Network, Input(3), Dense(1)] public partial class NET { }", 2)] // hint names ignore case
    public void Generates_compiling_code_under_unique_hint_names(string declarations, int networks)
    {
        var run = GeneratorHarness.Run(new NetworkGenerator(), "using NetGen;\n" + declarations);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Equal(networks, run.Sources.Length);
        Assert.Equal(networks, run.Sources.Select(s => s.HintName).Distinct().Count());
    }
}

/// <summary>Strings the generator writes into code: whatever the user's text holds, the literal means it exactly.</summary>
public class LiteralTests
{
    [Theory]
    [InlineData("models/xor.ngw")]
    [InlineData("a\"quote\\and\\backslash")]
    [InlineData("line\nbreak\r\nand\u2028separators\u2029\u0085tab\tnul\0")]
    [InlineData("Réseau → 2 ✓")]
    public void A_string_literal_reads_back_as_the_text(string text)
    {
        string literal = NetGen.Generators.Model.Literals.String(text);
        Assert.DoesNotContain('\n', literal);
        Assert.DoesNotContain('\u2028', literal);
        var expression = Microsoft.CodeAnalysis.CSharp.SyntaxFactory.ParseExpression(literal);
        Assert.False(expression.ContainsDiagnostics, literal);
        Assert.Equal(text, ((Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax)expression).Token.ValueText);
    }
}

/// <summary>
/// Class shapes the generator cannot complete are NG0009 at the class, not errors inside the generated file. What the
/// compiler says of the user's own code is marked too (CS...): structs cannot take the attributes at all.
/// </summary>
public class ClassShapeTests
{
    [Theory]
    [InlineData("[Network, Input(2), Dense(1)] public partial record {|NG0009:Net|} { }")]
    [InlineData("[{|CS0592:Network|}, {|CS0592:Input|}(2), {|CS0592:Dense|}(1)] public partial record struct {|NG0009:Net|} { }")]
    [InlineData("[{|CS0592:Network|}, {|CS0592:Input|}(2), {|CS0592:Dense|}(1)] public partial struct {|NG0009:Net|} { }")]
    [InlineData("[Network, Input(2), Dense(1)] file partial class {|NG0009:Net|} { }")]
    [InlineData("public class Base { public Base(int x) { } }\n[Network, Input(2), Dense(1)] public partial class {|NG0009:{|CS7036:Net|}|} : Base { }")]
    [InlineData("[Network, Input(2), Dense(1)] public partial class {|NG0009:Net|}(int {|CS9113:size|}) { }")]
    public Task An_unsupported_shape_is_NG0009_at_the_class(string declaration) =>
        GeneratorVerifier.VerifyAsync("using NetGen;\n" + declaration);

    [Fact]
    public Task A_base_class_with_a_parameterless_constructor_is_fine() => GeneratorVerifier.VerifyGeneratesNetAsync(
        "using NetGen;\npublic abstract class ModelBase { protected ModelBase() { } }\n[Network, Input(2), Dense(1)] public sealed partial class Net : ModelBase { }");
}
