namespace NetGen.Benchmarks.Workloads;

/// <summary>
/// One measured operation: call <c>i</c> uses batch <c>i mod K</c> of its stream. In a file of its own because
/// tests/NetGen.Benchmarks.Peers compiles it, with the protocol timer, to time TorchSharp and ONNX Runtime the same way.
/// </summary>
public interface ICase
{
    void Invoke(int call);
    /// <summary>Restores the starting state (weights and optimizer state); a no-op for predict cases.</summary>
    void Reset();
    bool Trains { get; }
}
