namespace NetGen.Generators.Emit;

internal sealed partial class NetworkEmitter
{
    /// <summary>Whether batch training can split its rows between two threads: not when the forward pass draws noise or Newton keeps the batch.</summary>
    private bool SplitsBatches => _plan.Trainable && !_plan.HasNoise && !IsNewton;

    private void EmitTrainingThreads()
    {
        if (!SplitsBatches)
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

            /// <summary>
            /// Threads a batch training step uses: 1 (the default) or 2. With 2, <see cref="TrainBatch(ReadOnlySpan{float}, ReadOnlySpan{float})"/> and
            /// <see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{float})"/> split the rows: the first half on the calling thread,
            /// the rest on a worker thread, each with its own activations and gradients; the worker's gradients are then added to the
            /// caller's in one fixed order, so results are identical run to run (they differ from one thread's in the last bits: the sums
            /// are grouped differently). Setting 2 allocates the worker's buffers (not counted in MemoryBytes) and starts its thread,
            /// which spins between steps and blocks when idle; setting 1 stops it.
            /// </summary>
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
                _worker!.Post(this);
                float loss = GradientsInto(ref inputs, ref targets, mine, denominator, ref _activations.Start, ref _gradients.Start);
                _worker.Wait();
                OptimizerKernels.Add(ref _gradients.Start, ref _shareGradients!.Start, ParameterStorage);
                return loss + _shareLoss;
            }

            void global::NetGen.Runtime.IWorkerShare.RunShare() =>
                _shareLoss = GradientsInto(ref _shareInputs!.Start, ref _shareTargets!.Start, _shareRows, _shareDenominator, ref _shareActivations!.Start, ref _shareGradients!.Start);

            """);
    }
}
