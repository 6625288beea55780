using System;

namespace NetGen;

/// <summary>
/// A network trained on standardized data, used on raw data: <see cref="Predict"/> standardizes the features as the
/// training rows were, predicts, and (for a regression trained on standardized targets) puts the outputs back in the
/// targets' units. Allocates nothing per call; like the network, an instance is not thread-safe (it owns a buffer).
/// </summary>
public sealed class ScaledPredictor
{
    private readonly IPredictor _network;
    private readonly Standardization _inputs;
    private readonly Standardization? _targets;
    private readonly float[] _scaled;

    /// <param name="network">The trained network.</param>
    /// <param name="inputs">The standardization its training features went through (<see cref="Standardization.Fit"/>).</param>
    /// <param name="targets">For a regression trained on standardized targets, theirs (<see cref="Standardization.FitTargets"/>); else null.</param>
    /// <exception cref="ArgumentException">A standardization has another number of columns than the network's inputs or outputs.</exception>
    public ScaledPredictor(IPredictor network, Standardization inputs, Standardization? targets = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Columns != network.InputSize)
            throw new ArgumentException($"The input standardization has {inputs.Columns} columns; the network takes {network.InputSize} features.", nameof(inputs));
        if (targets is not null && targets.Columns != network.OutputSize)
            throw new ArgumentException($"The target standardization has {targets.Columns} columns; the network has {network.OutputSize} outputs.", nameof(targets));
        (_network, _inputs, _targets, _scaled) = (network, inputs, targets, new float[network.InputSize]);
    }

    /// <summary>The network's prediction for one row of raw features, in the targets' units.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != _scaled.Length)
            throw new ArgumentException($"Expected exactly {_scaled.Length} features, got {input.Length}.", nameof(input));
        input.CopyTo(_scaled);
        _inputs.Apply(_scaled);
        _network.Predict(_scaled, output);
        _targets?.Restore(output);
    }
}
