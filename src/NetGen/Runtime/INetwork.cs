using System;
using System.Collections.Generic;
using System.IO;

namespace NetGen;

/// <summary>
/// What every generated network offers for serving: predict, measure, and move parameters.
/// Networks declared <c>Trainable = false</c> implement only this. Instances are not thread-safe:
/// they own their activation buffers.
/// </summary>
public interface IPredictor
{
    /// <summary>Number of input features.</summary>
    int InputSize { get; }
    /// <summary>Number of outputs.</summary>
    int OutputSize { get; }
    /// <summary>Number of parameters.</summary>
    int ParameterCount { get; }
    /// <summary>Largest number of rows a batch call takes.</summary>
    int BatchSize { get; }
    /// <summary>The parameter tensors in state_dict order, named and shaped as the equivalent PyTorch nn.Sequential's.</summary>
    IReadOnlyList<ParameterTensor> ParameterTensors { get; }
    /// <summary>Forward pass of one sample.</summary>
    void Predict(ReadOnlySpan<float> input, Span<float> output);
    /// <summary>Forward pass of any number of rows, row-major: inputs [rows][InputSize], outputs [rows][OutputSize].</summary>
    void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs);
    /// <summary>Mean loss of 1..BatchSize rows; changes nothing.</summary>
    float ComputeLoss(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets);
    /// <summary>Loss, accuracy and 0-1 error over any number of rows; changes nothing.</summary>
    Evaluation Evaluate(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets);
    /// <summary>Copies the parameters in PyTorch state_dict order.</summary>
    void CopyParametersTo(Span<float> destination);
    /// <summary>Replaces the parameters, given in PyTorch state_dict order.</summary>
    void SetParameters(ReadOnlySpan<float> source);
    /// <summary>Writes the parameters in NetGen's versioned weights format.</summary>
    void Save(Stream stream);
}

/// <summary>A generated network that trains: everything of <see cref="IPredictor"/>, plus the training steps.</summary>
public interface INetwork : IPredictor
{
    /// <summary>One optimizer step on one sample; returns the loss before the step.</summary>
    float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<float> target);
    /// <summary>One optimizer step on 1..BatchSize rows; returns the mean loss before the step.</summary>
    float TrainBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets);
    /// <summary>Writes the gradient of the mean loss into the gradient buffer; returns the loss.</summary>
    float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets);
    /// <summary>Clips the gradient buffer (if declared) and takes one optimizer step.</summary>
    void ApplyGradients();
    /// <summary>Copies the gradient buffer in PyTorch state_dict order.</summary>
    void CopyGradientsTo(Span<float> destination);
    /// <summary>
    /// Threads a batch training step uses: 1 (the default) or 2. With 2, <see cref="TrainBatch"/> and
    /// <see cref="ComputeGradients"/> split the rows: the first half on the calling thread, the rest on a worker thread,
    /// each with its own activations and gradients. Then each thread takes half of the parameter storage: it adds the
    /// worker's gradients to the caller's there and, where the network's step is element-wise over its storage, takes the
    /// optimizer step on it. Every sum is in one fixed order, so results are identical run to run (they differ from one
    /// thread's in the last bits: the sums are grouped differently). Setting 2 allocates the worker's buffers (not counted
    /// in MemoryBytes) and starts its thread, which spins between steps and blocks when idle; setting 1 stops it. A network
    /// that cannot split its batches (it draws noise, or keeps the batch for Newton's method) stays at 1.
    /// </summary>
    int TrainingThreads { get; set; }
    /// <summary>Forgets the optimizer's state (moments, velocity, step count): the next step is like the first.</summary>
    void ResetOptimizerState();
    /// <summary>The learning rate of the next steps (a declared schedule's base rate); starts at the declared one.</summary>
    float LearningRate { get; set; }
    /// <summary>Writes everything training needs to continue bit for bit: parameters, optimizer state and step count, learning rate, random streams.</summary>
    void SaveCheckpoint(Stream stream);
    /// <summary>Continues from a checkpoint written by <see cref="SaveCheckpoint"/>; changes nothing unless the whole checkpoint checks out.</summary>
    void LoadCheckpoint(Stream stream);
}

/// <summary>A network trained on class indices (cross-entropy): the training calls take one label per row.</summary>
public interface IClassifier : INetwork
{
    /// <summary>One optimizer step on one sample with its class index; returns the loss before the step.</summary>
    float TrainStep(ReadOnlySpan<float> input, int label);
    /// <summary>One optimizer step on 1..BatchSize rows, one class index per row; returns the mean loss before the step.</summary>
    float TrainBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels);
    /// <summary>Writes the gradient of the mean loss into the gradient buffer; returns the loss.</summary>
    float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels);
    /// <summary>Mean loss of 1..BatchSize rows; changes nothing.</summary>
    float ComputeLoss(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels);
    /// <summary>Loss, accuracy and 0-1 error over any number of rows; changes nothing.</summary>
    Evaluation Evaluate(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels);
}
