using System;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Backbones.FeaWad
{
    /// <summary>FEAWAD (Zhou et al., TNNLS 2021): see <see cref="FeaWadModel"/> and docs/backbones/feawad.md.</summary>
    internal sealed class FeaWadBackbone : BackboneDescriptor
    {
        public override AnoOnlyBackbone Id => AnoOnlyBackbone.FeaWad;
        public override string Name => "FEAWAD";
        public override string Summary => "Autoencoder whose reconstruction residual, code and residual norm feed a detection network.";

        /// <summary>Defaults of the reference: an autoencoder stage and a detector stage of 30 epochs x 20 batches
        /// of 512 each, Adam 1e-4. The detector keeps its BatchNorm under the full loss too.</summary>
        public override BackboneDefaults Defaults { get; } = new(Epochs: 30, BatchesPerEpoch: 20, BatchSize: 512, LearningRate: 1e-4,
            BatchNormWithFullLoss: true);

        public override IBackboneModel CreateModel(TrainingSettings settings, int featureCount, Device device, Random random)
            => new FeaWadModel(settings, featureCount, device, random);

        public override IAnomalyScorer CreateScorer(MemberState member) => new FeaWadScorer(member);
    }
}
