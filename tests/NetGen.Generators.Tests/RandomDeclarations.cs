using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CsCheck;

namespace NetGen.Generators.Tests;

/// <summary>A network declaration as a user writes it: the class, its attributes, and what else the class holds.</summary>
public sealed record Declaration(
    string? Namespace, string Modifiers, string ClassName, IReadOnlyList<string> NetworkOptions, string Input,
    IReadOnlyList<string> Layers, string? Clipping, string Members = "", string Kind = "class", bool Partial = true, bool HasNetwork = true)
{
    public string ToSource()
    {
        string attributes = $"{(HasNetwork ? $"[Network({string.Join(", ", NetworkOptions)})]" : "")}\n{(Clipping is null ? "" : $"[GradientClipping({Clipping})]\n")}{Input}\n"
            + string.Concat(Layers.Select(layer => layer + "\n"));
        string type = $"/// <summary>A network.</summary>\n{attributes}{Modifiers} {(Partial ? "partial " : "")}{Kind} {ClassName} {{ {Members} }}\n";
        return "using NetGen;\n" + (Namespace is null ? type : $"namespace {Namespace}\n{{\n{type}}}\n");
    }

    public override string ToString() => ToSource();
}

/// <summary>
/// Random declarations across the attribute surface. <see cref="Valid"/> keeps to the documented rules (docs/diagnostics),
/// so every one must generate code that compiles cleanly; <see cref="Invalid"/> breaks exactly one rule of a valid one.
/// </summary>
public static class RandomDeclarations
{
    private static string F(float value) => value.ToString("R", CultureInfo.InvariantCulture) + "f";

    private static readonly string[] Names = ["Net", "Model1", "@event", "Classifier_v2", "Ünïcode", "@class", "WeightsFileNet", "N"];
    private static readonly string?[] Namespaces = [null, "App", "My.Deep.Space", "@class.@event", "Models"];

    /// <summary>Hidden activations with the options each may take.</summary>
    private static Gen<(string Activation, string[] Options)> HiddenActivation =>
        Gen.OneOf(
            Gen.OneOf<string>("Identity", "Sigmoid", "Tanh", "Relu", "RRelu", "Selu", "Gelu", "GeluTanh", "Softplus", "HardSigmoid", "Mish", "CRelu")
                .Select(a => (a, System.Array.Empty<string>())),
            Gen.Float[0.001f, 0.5f].Select(slope => ("LeakyRelu", new[] { $"Slope = {F(slope)}" })),
            Gen.Bool.Select(perUnit => ("PRelu", perUnit ? new[] { "PerUnit = true" } : [])),
            Gen.Float[0.1f, 2f].Select(alpha => ("Elu", new[] { $"Alpha = {F(alpha)}" })),
            Gen.Int[2, 4].Select(pieces => ("Maxout", new[] { $"Pieces = {pieces}" })),
            Gen.Select(Gen.Float[0.5f, 2f], Gen.Bool, (beta, learnable) => ("Swish", learnable ? new[] { $"Beta = {F(beta)}", "LearnableBeta = true" } : [$"Beta = {F(beta)}"])));

    private static Gen<string[]> InitOptions(bool bias) =>
        Gen.Frequency(
            (6, Gen.Const(System.Array.Empty<string>())),
            (1, Gen.OneOf<string>("XavierUniform", "XavierNormal", "HeUniform", "HeNormal", "LeCunNormal", "Orthogonal", "Zero").Select(i => new[] { $"Init = Init.{i}" })),
            (1, Gen.Select(Gen.Float[-1f, 0f], Gen.Float[0.01f, 1f], (low, width) => new[] { "Init = Init.Uniform", $"InitLow = {F(low)}", $"InitHigh = {F(low + width)}" })),
            (1, Gen.Select(Gen.Float[-0.5f, 0.5f], Gen.Float[0.01f, 1f], (mean, std) => new[] { "Init = Init.Normal", $"InitMean = {F(mean)}", $"InitStd = {F(std)}" })),
            (1, Gen.Float[-1f, 1f].Select(v => new[] { "Init = Init.Constant", $"InitValue = {F(v)}" })),
            (bias ? 1 : 0, Gen.Float[-0.5f, 0.5f].Select(v => new[] { "BiasInit = Init.Constant", $"BiasValue = {F(v)}" })));

    private static string Dense(int units, string activation, IEnumerable<string> options)
    {
        var all = options.ToArray();
        return $"[Dense({units}, Activation.{activation}{(all.Length == 0 ? "" : ", " + string.Join(", ", all))})]";
    }

    /// <summary>The loss and a fitting output layer: (loss options, output activation, output units).</summary>
    private static Gen<(string[] Loss, string Activation, int Units)> LossAndOutput(bool trainable) =>
        trainable
            ? Gen.OneOf(
                Gen.Select(Gen.OneOf<string>("Identity", "Tanh", "Sigmoid"), Gen.Int[1, 5], (a, u) => (new[] { "Loss = Loss.MeanSquaredError" }, a, u)),
                Gen.Int[1, 4].Select(u => (new[] { "Loss = Loss.MeanAbsoluteError" }, "Identity", u)),
                Gen.Select(Gen.Float[0.1f, 2f], Gen.Int[1, 4], (d, u) => (new[] { "Loss = Loss.Huber", $"HuberDelta = {F(d)}" }, "Identity", u)),
                Gen.Int[1, 4].Select(u => (new[] { "Loss = Loss.BinaryCrossEntropy" }, "Sigmoid", u)),
                Gen.Int[1, 4].Select(u => (new[] { "Loss = Loss.BinaryCrossEntropyWithLogits" }, "Identity", u)),
                Gen.Select(Gen.OneOf<string>("Identity", "Softmax"), Gen.Int[2, 6], (a, u) => (new[] { "Loss = Loss.CrossEntropy" }, a, u)),
                Gen.Int[2, 5].Select(u => (new[] { "Loss = Loss.CrossEntropy", $"ClassWeights = new[] {{ {string.Join(", ", Enumerable.Range(1, u).Select(k => F(k * 0.5f)))} }}" }, "Identity", u)),
                Gen.Int[2, 5].Select(u => (new[] { "Loss = Loss.KullbackLeibler" }, "Softmax", u)),
                Gen.Select(Gen.Float[0f, 3f], Gen.Int[1, 3], (g, u) => (new[] { "Loss = Loss.Focal", $"FocalGamma = {F(g)}" }, "Identity", u)))
            : Gen.OneOf(
                Gen.Int[1, 3].Select(u => (new[] { "Loss = Loss.ZeroOne" }, "BinaryStep", u)),
                Gen.Int[2, 5].Select(u => (new[] { "Loss = Loss.CrossEntropy" }, "Softmax", u)),
                Gen.Int[1, 4].Select(u => (new[] { "Loss = Loss.MeanSquaredError" }, "Identity", u)));

    private static Gen<string[]> OptimizerOptions(bool newton) =>
        newton
            ? Gen.Float[1e-4f, 1e-1f].Select(d => new[] { "Optimizer = Optimizer.Newton", $"Damping = {F(d)}" })
            : Gen.OneOf(
                Gen.Select(Gen.Float[0.001f, 1f], Gen.OneOf(Gen.Const(0f), Gen.Float[0.1f, 0.95f]), Gen.Bool, (lr, m, nesterov) =>
                    new[] { "Optimizer = Optimizer.Sgd", $"LearningRate = {F(lr)}" }
                        .Concat(m > 0 ? [$"Momentum = {F(m)}"] : []).Concat(m > 0 && nesterov ? ["Nesterov = true"] : []).ToArray()),
                Gen.Select(Gen.OneOf<string>("Adam", "AdamW"), Gen.Float[1e-4f, 0.05f], Gen.Float[0.5f, 0.95f], Gen.Float[0.9f, 0.9999f], (o, lr, b1, b2) =>
                    new[] { $"Optimizer = Optimizer.{o}", $"LearningRate = {F(lr)}", $"Beta1 = {F(b1)}", $"Beta2 = {F(b2)}" }),
                Gen.Float[0.001f, 0.5f].Select(lr => new[] { "Optimizer = Optimizer.AdaGrad", $"LearningRate = {F(lr)}" }),
                Gen.Select(Gen.Float[0.5f, 0.99f], Gen.Bool, Gen.OneOf(Gen.Const(0f), Gen.Float[0.1f, 0.9f]), (alpha, centered, m) =>
                    new[] { "Optimizer = Optimizer.RmsProp", $"Alpha = {F(alpha)}" }
                        .Concat(centered ? ["Centered = true"] : []).Concat(m > 0 ? [$"Momentum = {F(m)}"] : []).ToArray()));

    private static Gen<string[]> Schedule =>
        Gen.Frequency(
            (4, Gen.Const(System.Array.Empty<string>())),
            (1, Gen.Select(Gen.Int[1, 100], Gen.Float[0.1f, 1f], (s, g) => new[] { "Schedule = LearningRateSchedule.Step", $"ScheduleStepSize = {s}", $"ScheduleGamma = {F(g)}" })),
            (1, Gen.Float[0.5f, 1f].Select(g => new[] { "Schedule = LearningRateSchedule.Exponential", $"ScheduleGamma = {F(g)}" })),
            (1, Gen.Int[1, 1000].Select(s => new[] { "Schedule = LearningRateSchedule.Cosine", $"ScheduleSteps = {s}" })));

    private static Gen<string[]> Penalties =>
        Gen.Frequency(
            (4, Gen.Const(System.Array.Empty<string>())),
            (1, Gen.Select(Gen.Float[0f, 0.1f], Gen.Float[0f, 0.01f], Gen.Bool, (wd, l1, bias) =>
                new[] { $"WeightDecay = {F(wd)}", $"L1 = {F(l1)}" }.Concat(bias ? [] : ["RegularizeBias = false"]).ToArray())));

    private static Gen<string?> Clipping =>
        Gen.Frequency(
            (4, Gen.Const((string?)null)),
            (1, Gen.Select(Gen.Float[0.01f, 5f], Gen.Bool, (norm, perLayer) => (string?)$"MaxNorm = {F(norm)}{(perLayer ? ", PerLayer = true" : "")}")),
            (1, Gen.Float[0.01f, 5f].Select(value => (string?)$"MaxValue = {F(value)}")));

    /// <summary>Hidden widths, weighted to the edges where the generated paths change: one unit, a vector's width and one past it.</summary>
    private static Gen<int> Units =>
        Gen.Frequency((2, Gen.Const(1)), (3, Gen.Int[2, 5]), (3, Gen.OneOf<int>(7, 8, 9, 11, 15, 16, 17)), (1, Gen.Int[18, 40]));

    /// <summary>Declarations that keep every documented rule: each must generate code that compiles without a warning.</summary>
    public static readonly Gen<Declaration> Valid =
        from trainable in Gen.Frequency((6, Gen.Const(true)), (1, Gen.Const(false)))
        from newton in trainable ? Gen.Frequency((9, Gen.Const(false)), (1, Gen.Const(true))) : Gen.Const(false)
        from output in LossAndOutput(trainable)
        from inputs in newton ? Gen.Int[1, 3] : Gen.Int[1, 40]
        from hidden in Gen.Select(newton ? Gen.Int[1, 4] : Units, HiddenActivation, Gen.Bool, Gen.Bool, (u, a, noBias, frozen) => (Units: u, a.Activation, a.Options, NoBias: noBias, Frozen: frozen))
            .Array[newton ? 0 : 0, newton ? 1 : 3]
        from inits in InitOptions(bias: true).Array[hidden.Length + 1]
        from optimizer in trainable ? OptimizerOptions(newton) : Gen.Const(System.Array.Empty<string>())
        from schedule in trainable && !newton ? Schedule : Gen.Const(System.Array.Empty<string>())
        from penalties in trainable && !newton ? Penalties : Gen.Const(System.Array.Empty<string>())
        from clipping in trainable && !newton ? Clipping : Gen.Const((string?)null)
        from batch in Gen.Int[1, 48]
        from seed in Gen.Int
        from name in Gen.OneOf<string>(Names)
        from space in Gen.OneOf<string?>(Namespaces)
        from modifiers in Gen.OneOf<string>("public", "internal", "public sealed", "internal sealed")
        select Build(trainable, newton, output, inputs, hidden, inits, optimizer, schedule, penalties, clipping, batch, seed, name, space, modifiers);

    /// <summary>One broken rule: how it breaks a valid declaration, and the NG errors that may report it.</summary>
    public sealed record Mutation(string Rule, Func<Declaration, Declaration> Apply, params string[] Ids)
    {
        public override string ToString() => Rule;
    }

    private static Declaration WithOptions(Declaration d, Func<string, bool> drop, params string[] add) =>
        d with { NetworkOptions = d.NetworkOptions.Where(o => !drop(o)).Concat(add).ToArray() };

    private static bool Named(string option, params string[] names) => names.Any(name => option.StartsWith(name + " ", StringComparison.Ordinal));

    public static readonly Mutation[] Mutations =
    [
        new("a layer of 0 units", d => d with { Layers = d.Layers.Select((l, i) => i == 0 ? "[Dense(0" + l[l.IndexOf(',')..] : l).ToArray() }, "NG0003"),
        new("an input of -3 features", d => d with { Input = "[Input(-3)]" }, "NG0003"),
        new("no [Input]", d => d with { Input = "" }, "NG0002"),
        new("no layers", d => d with { Layers = [] }, "NG0008"),
        new("Softmax on a hidden layer", d => d with { Layers = d.Layers.Prepend("[Dense(3, Activation.Softmax)]").ToArray() }, "NG0004"),
        new("CrossEntropy on one output", d => WithOptions(d with { Layers = d.Layers.Take(d.Layers.Count - 1).Append("[Dense(1, Activation.Identity)]").ToArray() },
            o => Named(o, "Loss", "ClassWeights", "HuberDelta", "FocalGamma"), "Loss = Loss.CrossEntropy"), "NG0005"),
        new("a negative learning rate", d => WithOptions(d, o => Named(o, "LearningRate"), "LearningRate = -0.1f"), "NG0006"),
        new("a batch of 0 rows", d => WithOptions(d, o => Named(o, "BatchSize"), "BatchSize = 0"), "NG0006"),
        new("momentum 1.5", d => WithOptions(d, o => Named(o, "Momentum", "Nesterov"), "Momentum = 1.5f"), "NG0006"),
        new("a class that is not partial", d => d with { Partial = false }, "NG0001"),
        new("a partial record", d => d with { Kind = "record" }, "NG0009"),
        new("a file-local class", d => d with { Modifiers = "file" }, "NG0009"),
        new("BinaryStep in a trainable network", d => WithOptions(d with { Layers = d.Layers.Prepend("[Dense(3, Activation.BinaryStep)]").ToArray() },
            o => Named(o, "Trainable")), "NG0011"),
        new("an undefined activation", d => d with { Layers = d.Layers.Prepend("[Dense(2, (Activation)99)]").ToArray() }, "NG0010"),
        new("a negative clipping norm", d => d with { Clipping = "MaxNorm = -1f" }, "NG0007", "NG0006"),
        new("layer attributes without [Network]", d => d with { HasNetwork = false, Input = "[Input(4)]" }, "NG0020"),
        new("a user member Predict", d => d with { Members = "public void Predict(System.ReadOnlySpan<float> input, System.Span<float> output) { }" }, "NG0017"),
        new("a user member named Math", d => d with { Members = "public static double Math(double x) => x;" }, "NG0018"),
        new("a memory budget of 16 bytes", d => WithOptions(d, _ => false, "MaxMemoryBytes = 16"), "NG0013"),
        new("Newton on more than 512 parameters", d => WithOptions(d with { Input = "[Input(600)]" },
            o => Named(o, "Optimizer", "Trainable", "LearningRate", "Momentum", "Nesterov", "Beta1", "Beta2", "Alpha", "Centered", "Damping"),
            "Optimizer = Optimizer.Newton"), "NG0012", "NG0006", "NG0011"),
    ];

    /// <summary>A valid declaration with one rule broken.</summary>
    public static readonly Gen<(Declaration Declaration, Mutation Mutation)> Invalid =
        from declaration in Valid
        from mutation in Gen.OneOf(Mutations)
        select (mutation.Apply(declaration), mutation);

    private static Declaration Build(bool trainable, bool newton, (string[] Loss, string Activation, int Units) output, int inputs,
        (int Units, string Activation, string[] Options, bool NoBias, bool Frozen)[] hidden, string[][] inits, string[] optimizer,
        string[] schedule, string[] penalties, string? clipping, int batch, int seed, string name, string? space, string modifiers)
    {
        var layers = new List<string>();
        // Frozen layers need a trainable network that is not Newton, and one trainable layer: the output layer stays trainable.
        bool canFreeze = trainable && !newton;
        for (int i = 0; i < hidden.Length; i++)
        {
            var h = hidden[i];
            var init = h.NoBias ? inits[i].Where(o => !o.StartsWith("Bias", System.StringComparison.Ordinal)) : inits[i];
            var options = h.Options.Concat(init).Concat(h.NoBias ? ["Bias = false"] : []).Concat(h.Frozen && canFreeze ? ["Trainable = false"] : []);
            layers.Add(Dense(h.Units, h.Activation, options));
        }
        layers.Add(Dense(output.Units, output.Activation, inits[^1]));
        var network = new List<string>(output.Loss);
        if (!trainable) network.Add("Trainable = false");
        network.AddRange(optimizer);
        network.AddRange(schedule);
        network.AddRange(penalties);
        network.Add($"BatchSize = {batch}");
        network.Add($"Seed = {seed}");
        return new Declaration(space, modifiers, name, network, $"[Input({inputs})]", layers, clipping);
    }
}
