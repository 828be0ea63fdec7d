using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// One phase of training as a backbone describes it: which network is optimised, how, for how long,
    /// and the per-sample losses of one sampled batch. <see cref="TrainingLoop"/> runs every stage the same way
    /// and reduces the losses with <see cref="LossPolicy"/>. Most backbones have one stage; FEAWAD pretrains its
    /// autoencoder in a stage before the detector's.
    /// </summary>
    internal sealed record TrainingStage
    {
        public required string Name { get; init; }

        /// <summary>The module whose parameters are optimised and whose best-epoch weights (buffers included) are kept.</summary>
        public required nn.Module Network { get; init; }

        public required int Epochs { get; init; }
        public required int BatchesPerEpoch { get; init; }

        /// <summary>Keep the weights of the epoch with the lowest mean loss (else those of the last epoch).</summary>
        public required bool KeepBestEpoch { get; init; }

        public required Func<optim.Optimizer> CreateOptimizer { get; init; }

        /// <summary>Stepped once per epoch, when set.</summary>
        public Func<optim.Optimizer, optim.lr_scheduler.LRScheduler>? CreateScheduler { get; init; }

        /// <summary>Samples one batch and returns its losses (inside the loop's dispose scope).</summary>
        public required Func<Random, SampleLosses> BatchLoss { get; init; }

        /// <summary>Runs once before the first epoch (for example DeepSAD's centre), when set.</summary>
        public Action? Prepare { get; init; }
    }
}
