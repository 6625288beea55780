using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generators;
using NetGen.Generators.Model;
using NetGen.Testing;
using Xunit;

namespace NetGen.Generators.Tests;

/// <summary>
/// The generated code names some types without qualification (through its using directives); a user's type or member of
/// the same name would capture the name and break the generated file, so NG0018 refuses it. The list the parser checks
/// (<see cref="GeneratedNames.ImportedTypes"/>) must hold every such name the generated code uses: read here from the
/// semantic model of varied networks' generated code.
/// </summary>
public class ImportedNamesTests
{
    [Fact]
    public void The_list_holds_every_imported_type_the_generated_code_names()
    {
        string[] declarations =
        [
            "[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, BatchSize = 16, Schedule = LearningRateSchedule.Cosine, ScheduleSteps = 10), Input(4), Dense(16, Activation.Relu), Dense(8, Activation.Maxout, Pieces = 2, Trainable = false), Dense(3)][GradientClipping(MaxNorm = 1f)]",
            "[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.AdamW, BatchSize = 8), Input(3), Dense(5, Activation.PRelu, PerUnit = true), Dense(4, Activation.CRelu), Dense(2, Activation.Swish, LearnableBeta = true)]",
            "[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.5f), Input(2), Dense(4, Activation.Tanh), Dense(1, Activation.Sigmoid)]",
            "[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.RmsProp, BatchSize = 64), Input(300), Dense(200, Activation.RRelu), Dense(10, Activation.Softmax)]",
            "[Network(Loss = Loss.Huber, Optimizer = Optimizer.Newton, BatchSize = 4), Input(3), Dense(4, Activation.Gelu), Dense(1)]",
            "[Network(Trainable = false, Loss = Loss.ZeroOne), Input(2), Dense(3, Activation.Relu), Dense(1, Activation.BinaryStep)]",
        ];
        string[] imported = GeneratedNames.ImportedNamespaces;
        var used = new SortedSet<string>(System.StringComparer.Ordinal);
        foreach (string declaration in declarations)
        {
            var run = GeneratorHarness.Run(new NetworkGenerator(), $"using NetGen;\n{declaration}\npublic partial class Net {{ }}");
            Assert.Empty(run.CompilationProblems);
            var tree = run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Net.g.cs"));
            var model = run.Output.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if ((name.Parent is QualifiedNameSyntax or AliasQualifiedNameSyntax && name.Parent.ChildNodes().Last() == name)
                    || (name.Parent is MemberAccessExpressionSyntax access && access.Name == name))
                    continue; // written qualified (global::NetGen...): no user name can capture it
                if (name is IdentifierNameSyntax { IsVar: true })
                    continue; // var: the type is not named
                var symbol = model.GetSymbolInfo(name).Symbol;
                var named = symbol as INamedTypeSymbol ?? (name.Parent is AttributeSyntax ? symbol?.ContainingType : null); // [MethodImpl(...)]
                if (named is { } type && imported.Contains(type.ContainingNamespace.ToDisplayString()) && type.ContainingType is null)
                    used.Add(name.Identifier.ValueText); // as spelled: nuint, not UIntPtr
            }
        }
        Assert.True(!used.Except(GeneratedNames.ImportedTypes).Any(), "named but not listed: " + string.Join(", ", used.Except(GeneratedNames.ImportedTypes).Select(n => $"\"{n}\"")));
        Assert.Equal(used.ToArray(), GeneratedNames.ImportedTypes.Order(System.StringComparer.Ordinal).ToArray()); // and nothing the code no longer uses
    }
}
