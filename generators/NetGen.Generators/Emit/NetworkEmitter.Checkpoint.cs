using System.Linq;
using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

internal sealed partial class NetworkEmitter
{
    /// <summary>
    /// SaveCheckpoint and LoadCheckpoint: the parameters, the optimizer's buffers (in state_dict order, PyTorch's names, through
    /// <c>StorageIndexOf</c>), its step count, the learning rate and the random stream, through the runtime's
    /// <c>CheckpointFile</c>; files written atomically (<c>AtomicFile</c>).
    /// </summary>
    private void EmitCheckpoint()
    {
        var fields = _plan.OptimizerStateFields;
        var names = fields.Select(NetworkPlan.TorchStateName).ToArray();
        string trainableStart = _plan.HasFrozenLayers ? "TrainableStart" : "0"; // the optimizer's buffers start there
        string description = names.Length == 0 ? $"{_spec.Training.Optimizer}" : $"{_spec.Training.Optimizer}: {string.Join(", ", names)}";
        string held = string.Join(", ", new[] { "the parameters" }
            .Concat(names.Length == 0 ? [] : [$"the optimizer's {string.Join(" and ", names)}"])
            .Concat(_plan.CountsSteps ? ["the step count"] : [])
            .Concat(["the learning rate"])
            .Concat(_plan.HasNoise ? ["RRelu's random stream"] : []));
        _w.Line($"/// <summary>The optimizer and its buffers, as a checkpoint names them.</summary>");
        _w.Line($"private const string CheckpointOptimizer = {Literals.String(description)};");
        _w.Line();
        _w.Line($"/// <summary>Writes a checkpoint, everything training needs to continue bit for bit: {held} (tensors in state_dict order).</summary>");
        using (_w.Block("public void SaveCheckpoint(Stream stream)"))
        {
            _w.Line("var parameters = new float[ParameterCount];");
            _w.Line("CopyParametersTo(parameters);");
            _w.Line("CheckpointFile.Write(stream, ArchitectureHash, CheckpointOptimizer, new NetworkCheckpoint");
            _w.Line("{");
            _w.Line($"    Step = {(_plan.CountsSteps ? "_step" : "0")},");
            _w.Line("    LearningRate = _learningRate,");
            _w.Line($"    RandomState = {(_plan.HasNoise ? "_noise.State" : "0")},");
            _w.Line("    Parameters = parameters,");
            _w.Line($"    OptimizerState = [{string.Join(", ", fields.Select(field => $"CheckpointFile.Gather({field}.Span, ParameterCount, {trainableStart}, {_plan.TrainableParameterCount}, StorageIndexOf)"))}],");
            _w.Line("});");
        }
        _w.Line();
        _w.Line("/// <summary>Writes a checkpoint to a file, atomically: a crash midway leaves the old file whole (a temporary file is renamed over it).</summary>");
        _w.Line("public void SaveCheckpoint(string path) => AtomicFile.Write(path, SaveCheckpoint);");
        _w.Line();
        _w.Line("/// <summary>Continues from a checkpoint written by <see cref=\"SaveCheckpoint(Stream)\"/>. Nothing changes unless the whole checkpoint checks out.</summary>");
        _w.Line("/// <exception cref=\"InvalidDataException\">Not a checkpoint, another format version, architecture or optimizer, truncated, or corrupted.</exception>");
        using (_w.Block("public void LoadCheckpoint(Stream stream)"))
        {
            _w.Line($"var checkpoint = CheckpointFile.Read(stream, ArchitectureHash, nameof({TypeName}), Architecture, CheckpointOptimizer, ParameterCount, {fields.Length}, {_plan.TrainableParameterCount});");
            _w.Line("SetParameters(checkpoint.Parameters);");
            for (int b = 0; b < fields.Length; b++)
                _w.Line($"CheckpointFile.Scatter(checkpoint.OptimizerState[{b}], {fields[b]}.Span, ParameterCount, {trainableStart}, StorageIndexOf);");
            if (_plan.CountsSteps)
                _w.Line("_step = checkpoint.Step;");
            _w.Line("_learningRate = checkpoint.LearningRate;");
            if (_plan.HasNoise)
                _w.Line("_noise = new DeterministicRandom(checkpoint.RandomState);");
        }
        _w.Line();
        _w.Line("/// <summary>Continues from a checkpoint file written by <see cref=\"SaveCheckpoint(string)\"/>.</summary>");
        _w.Line("/// <exception cref=\"InvalidDataException\">Not a checkpoint, another format version, architecture or optimizer, truncated, or corrupted.</exception>");
        using (_w.Block("public void LoadCheckpoint(string path)"))
        {
            _w.Line("using var stream = File.OpenRead(path);");
            _w.Line("LoadCheckpoint(stream);");
        }
        _w.Line();
    }
}
