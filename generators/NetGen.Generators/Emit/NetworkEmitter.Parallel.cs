using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

internal sealed partial class NetworkEmitter
{

    private void EmitTrainingThreads()
    {
        if (!_stepPlan.SplitsBatches)
        {
            string why = _plan.HasNoise ? "RRelu draws its slopes from one random stream in row order" : "Newton's step solves with the whole batch";
            _w.Lines($$"""
                /// <summary>Threads a batch training step uses: always 1 for this network ({{why}}).</summary>
                /// <exception cref="NotSupportedException">Set to anything but 1.</exception>
                public int TrainingThreads
                {
                    get => 1;
                    set { if (value != 1) throw new NotSupportedException("{{TypeName}} trains on one thread: {{why}}."); }
                }

                """);
            return;
        }
        _w.Lines($$"""
            private global::NetGen.Runtime.TrainingWorker? _worker;
            private AlignedBuffer? _shareInputs, _shareTargets, _shareActivations, _shareGradients;
            private int _shareRows;
            private float _shareDenominator, _shareLoss;

            /// <summary>What the worker thread runs next: its half of the rows, then its half of the parameter storage.</summary>
            private enum WorkerPhase { {{string.Join(", ", WorkerPhases)}} }

            private WorkerPhase _workerPhase;
            {{WorkerFields}}

            /// <summary>
            /// Where the worker's half of the parameter storage starts: the summing of the gradients{{(_stepPlan.SplitsByRange ? " and the optimizer step" : "")}}
            /// split there, a multiple of 16 floats so that each half is whole 64-byte lines.
            /// </summary>
            private const int ParameterSplit = {{_stepPlan.ParameterSplit}};

            /// <inheritdoc cref="global::NetGen.INetwork.TrainingThreads"/>
            /// <exception cref="ArgumentOutOfRangeException">Not 1 or 2.</exception>
            public int TrainingThreads
            {
                get => _worker is null ? 1 : 2;
                set
                {
                    if (value is < 1 or > 2)
                        throw new ArgumentOutOfRangeException(nameof(value), value, "TrainingThreads is 1 or 2.");
                    if (value == TrainingThreads)
                        return;
                    if (value == 1)
                    {
                        _worker!.Dispose();
                        _worker = null;
                        return;
                    }
                    _shareInputs ??= new(BatchSize * InputSize);
                    _shareTargets ??= new(BatchSize * OutputSize);
                    _shareActivations ??= new(ActivationStorage);
                    _shareGradients ??= new(ParameterStorage);
                    _worker = new();
                }
            }

            /// <summary>The gradient of the batch's mean loss from two threads: each takes its rows over the whole batch's denominator, then the sums meet.</summary>
            private float GradientsOfRowsInParallel(ref float inputs, ref float targets, int rows)
            {
                int mine = (rows + 1) / 2, theirs = rows - mine;
                float denominator = LossDenominator(ref targets, rows);
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref inputs, mine * InputSize), theirs * InputSize).CopyTo(_shareInputs!.Span);
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref targets, mine * OutputSize), theirs * OutputSize).CopyTo(_shareTargets!.Span);
                _shareRows = theirs;
                _shareDenominator = denominator;
                StartWorker(WorkerPhase.Gradients);
                float loss = GradientsInto(ref inputs, ref targets, mine, denominator, ref _activations.Start, ref _gradients.Start);
                _worker!.Wait();
                // Each thread adds the worker's gradients into the network's over its half of the storage.
                StartWorker(WorkerPhase.SumGradients);
                OptimizerKernels.Add(ref _gradients.Start, ref _shareGradients!.Start, ParameterSplit);
                _worker.Wait();
                return loss + _shareLoss;
            }

            /// <summary>Hands the worker its next phase; the caller runs its own part, then waits with <c>_worker.Wait()</c>.</summary>
            private void StartWorker(WorkerPhase phase)
            {
                _workerPhase = phase;
                _worker!.Post(this);
            }

            void global::NetGen.Runtime.IWorkerShare.RunShare()
            {
                const int length = ParameterStorage - ParameterSplit;
                switch (_workerPhase)
                {
                    case WorkerPhase.Gradients:
                        _shareLoss = GradientsInto(ref _shareInputs!.Start, ref _shareTargets!.Start, _shareRows, _shareDenominator, ref _shareActivations!.Start, ref _shareGradients!.Start);
                        break;
                    case WorkerPhase.SumGradients:
                        OptimizerKernels.Add(ref Unsafe.Add(ref _gradients.Start, ParameterSplit), ref Unsafe.Add(ref _shareGradients!.Start, ParameterSplit), length);
                        break;
            {{(_stepPlan.SplitsByRange && _stepPlan.ClipsByGlobalNorm ? SquaresCase : "")}}{{(_stepPlan.SplitsByRange ? StepCase : "")}}    }
            }

            """);
        if (_stepPlan.SplitsByRange)
            EmitParallelStep();
    }

    private string[] WorkerPhases => _stepPlan.SplitsByRange
        ? (_stepPlan.ClipsByGlobalNorm ? ["Gradients", "SumGradients", "SumOfSquares", "Step"] : ["Gradients", "SumGradients", "Step"])
        : ["Gradients", "SumGradients"];

    /// <summary>What the caller hands the worker for the step besides the phase.</summary>
    private string WorkerFields => !_stepPlan.SplitsByRange ? ""
        : RangesTakeAdamStep ? (_stepPlan.ClipsByGlobalNorm ? "private float _workerSquares, _workerClip;\nprivate AdamStep _workerAdam;" : "private AdamStep _workerAdam;")
        : _stepPlan.ClipsByGlobalNorm ? "private float _workerSquares, _workerLearningRate, _workerClip;" : "private float _workerLearningRate;";

    /// <summary>The worker's copy of the step's rate (<see cref="RangeRate"/>).</summary>
    private string WorkerRate => RangesTakeAdamStep ? "_workerAdam" : "_workerLearningRate";


    private const string SquaresCase =
        "        case WorkerPhase.SumOfSquares:\n" +
        "            _workerSquares = OptimizerKernels.SumOfSquares(ref Unsafe.Add(ref _gradients.Start, ParameterSplit), length);\n" +
        "            break;\n";

    private string StepCase =>
        "        case WorkerPhase.Step:\n" +
        $"            StepOnRange(ParameterSplit, length, {WorkerRate}{(_stepPlan.ClipsByGlobalNorm ? ", _workerClip" : "")});\n" +
        "            break;\n";

    private void EmitParallelStep()
    {
        string clipParameter = _stepPlan.ClipsByGlobalNorm ? ", float clip" : "", clip = _stepPlan.ClipsByGlobalNorm ? ", clip" : "";
        _w.Lines($$"""
            /// <summary>The step with two threads: the worker takes the storage from <see cref="ParameterSplit"/> on, the caller the rest.</summary>
            private void StepInParallel({{RangeRateParameter}}{{clipParameter}})
            {
                {{WorkerRate}} = {{RangeRate}};
            {{(_stepPlan.ClipsByGlobalNorm ? "    _workerClip = clip;\n" : "")}}    StartWorker(WorkerPhase.Step);
                {{(_plan.HasFrozenLayers ? "StepOnRange(TrainableStart, ParameterSplit - TrainableStart" : "StepOnRange(0, ParameterSplit")}}, {{RangeRate}}{{clip}});
                _worker!.Wait();
            }

            """);
        if (!_stepPlan.ClipsByGlobalNorm)
            return;
        _w.Lines("""
            /// <summary>Σ g² over the whole gradient buffer; with two threads each sums its half, and the halves are added in that order.</summary>
            private float SumOfGradientSquares()
            {
                if (_worker is null)
                    return OptimizerKernels.SumOfSquares(ref _gradients.Start, ParameterStorage);
                StartWorker(WorkerPhase.SumOfSquares);
                float mine = OptimizerKernels.SumOfSquares(ref _gradients.Start, ParameterSplit);
                _worker!.Wait();
                return mine + _workerSquares;
            }

            """);
    }
}
