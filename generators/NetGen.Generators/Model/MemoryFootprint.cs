namespace NetGen.Generators.Model;

/// <summary>
/// The bytes a network's constructor allocates, by purpose: what the generated doc comment states
/// and what <c>[Network(MaxMemoryBytes = ...)]</c> is checked against. Counts the buffers the
/// emitter declares (padded rows included); object headers and each buffer's 64-byte alignment
/// slack are not counted.
/// </summary>
internal sealed record MemoryFootprint(long Parameters, long Gradients, long OptimizerState, long Activations)
{
    public long Total => Parameters + Gradients + OptimizerState + Activations;

    public static MemoryFootprint Of(NetworkPlan plan)
    {
        var spec = plan.Spec;
        long parameters = (long)plan.ParameterStorage * sizeof(float);
        long gradients = plan.Trainable ? parameters : 0;
        long state = plan.OptimizerStateFields.Length * (long)(plan.ParameterStorage - plan.TrainableStart) * sizeof(float); // frozen layers keep none
        long activations = (long)(plan.ActivationStorage + KernelBlocking.LanesStorage(plan) + LossPartsStorage(plan)) * sizeof(float);
        if (plan.HasLabelTargets)
            activations += (long)spec.Training.BatchSize * spec.OutputSize * sizeof(float);
        if (plan.IsNewton)
        {
            // The last batch, and the dense Hessian, its Cholesky factor, the gradient and the step, in double.
            long p = spec.ParameterCount;
            activations += (long)spec.Training.BatchSize * (spec.InputSize + spec.OutputSize) * sizeof(float);
            state += (2 * p * p + 2 * p) * sizeof(double);
        }
        return new MemoryFootprint(parameters, gradients, state, activations);
    }

    /// <summary>Floats of the loss's parts TrainBatch keeps for its value after the step (<see cref="StepPlan.LossValueAfterStep"/>): three a row.</summary>
    public static int LossPartsStorage(NetworkPlan plan) => StepPlan.Of(plan).LossValueAfterStep ? 3 * plan.Spec.Training.BatchSize : 0;
}
