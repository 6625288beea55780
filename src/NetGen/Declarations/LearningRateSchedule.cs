// This file is compiled into the runtime and into the generator: one list of names and values.
namespace NetGen;

/// <summary>
/// How the learning rate changes with the number of optimizer steps taken, t (0 for the first step),
/// applied inside the generated step. Same values as the torch.optim.lr_scheduler classes stepped once per optimizer step.
/// </summary>
#if NETGEN_COMPILER
internal
#else
public
#endif
enum LearningRateSchedule
{
    /// <summary><c>lr</c>.</summary>
    Constant = 0,
    /// <summary><c>lr · γ^⌊t / ScheduleStepSize⌋</c> (StepLR), γ = <c>ScheduleGamma</c>.</summary>
    Step = 1,
    /// <summary><c>lr · γ^t</c> (ExponentialLR), γ = <c>ScheduleGamma</c>.</summary>
    Exponential = 2,
    /// <summary><c>η_min + (lr - η_min)(1 + cos(π t / T)) / 2</c> (CosineAnnealingLR), T = <c>ScheduleSteps</c>, η_min = <c>MinLearningRate</c>; stays at η_min after T steps.</summary>
    Cosine = 3,
}
