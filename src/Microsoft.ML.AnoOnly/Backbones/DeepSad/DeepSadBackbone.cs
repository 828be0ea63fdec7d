using System;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Backbones.DeepSad
{
    /// <summary>Deep SAD (Ruff et al., ICLR 2020): see <see cref="DeepSadModel"/> and docs/backbones/deepsad.md.</summary>
    internal sealed class DeepSadBackbone : BackboneDescriptor
    {
        public override AnoOnlyBackbone Id => AnoOnlyBackbone.DeepSad;
        public override string Name => "DeepSAD";
        public override string Summary => "Hypersphere embedding: the score is the squared distance to the centre of the normal data.";

        /// <summary>Defaults of the reference: 50 epochs x 20 batches of 64 unlabeled + 64 labeled anomalies;
        /// learning rate 1e-4, the rate the reference effectively trains with (its MultiStepLR with milestone
        /// 0 divides the nominal 1e-3 by 10 before the first step). Its BatchNorm layers are part of the
        /// architecture under both losses.</summary>
        public override BackboneDefaults Defaults { get; } = new(Epochs: 50, BatchesPerEpoch: 20, BatchSize: 128, LearningRate: 1e-4,
            BatchNormWithFullLoss: true);

        public override IBackboneModel CreateModel(TrainingSettings settings, int featureCount, Device device, Random random)
            => new DeepSadModel(settings, featureCount, device, random);

        public override IAnomalyScorer CreateScorer(MemberState member) => new DeepSadScorer(member);
    }
}
