using System;
using System.Collections.Generic;
using Microsoft.ML.AnoOnly.Persistence;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// What a backbone contributes to training, and nothing else: its network, the stages that train it
    /// (each with its per-sample loss, reduced by <see cref="LossPolicy"/>), its eval-mode forward pass in
    /// TorchSharp, and the export of its weights for the managed scorer.
    /// </summary>
    internal interface IBackboneModel : IDisposable
    {
        /// <summary>The stages, in order. Called once per fit, when training starts.</summary>
        IReadOnlyList<TrainingStage> Stages(BatchSampler sampler);

        /// <summary>Eval-mode scores of <paramref name="rows"/> [n, d] with TorchSharp (the reference the
        /// managed scorer is tested against).</summary>
        Tensor Score(Tensor rows);

        /// <summary>The trained weights as the managed scorer reads them (BatchNorm folded in; identity combination).</summary>
        MemberState Export();
    }

    /// <summary>Reads trained TorchSharp weights into managed arrays for <see cref="IBackboneModel.Export"/>.</summary>
    internal static class TensorExport
    {
        public static float[] Values(Tensor tensor)
        {
            // detach/cpu/contiguous each return a new native tensor handle: free them now, not at finalization.
            using DisposeScope scope = NewDisposeScope();
            return tensor.detach().cpu().contiguous().data<float>().ToArray();
        }

        /// <summary>Stores a Linear layer under <paramref name="name"/> (<see cref="LayerCodec"/>).</summary>
        public static void StoreLayer(IDictionary<string, StoredTensor> tensors, string name, TorchSharp.Modules.Linear layer)
            => LayerCodec.Store(tensors, name, Values(layer.weight!), layer.bias is null ? null : Values(layer.bias),
                (int)layer.weight!.shape[0], (int)layer.weight!.shape[1]);

        /// <summary>An eval-mode BatchNorm as per-feature scale and shift (<see cref="Scoring.BatchNormFolding.Affine"/>),
        /// read from its running statistics and, when it is affine, its weight and bias.</summary>
        public static (float[] Scale, float[] Shift) BatchNormAffine(TorchSharp.Modules.BatchNorm1d norm, double eps)
            => Scoring.BatchNormFolding.Affine(
                Values(norm.running_mean!), Values(norm.running_var!),
                norm.weight is null ? null : Values(norm.weight), norm.bias is null ? null : Values(norm.bias), eps);
    }
}
