using System;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Backbones.PReNet
{
    /// <summary>PReNet (Pang et al., KDD 2023): see <see cref="PReNetModel"/> and docs/backbones/prenet.md.</summary>
    internal sealed class PReNetBackbone : BackboneDescriptor
    {
        public override AnoOnlyBackbone Id => AnoOnlyBackbone.PReNet;
        public override string Name => "PReNet";
        public override string Summary => "Pairwise relation network over (anomaly, anomaly), (anomaly, unlabeled) and (unlabeled, unlabeled) pairs.";

        /// <summary>Defaults of the reference: 50 epochs x 20 batches of 512 pairs, learning rate 1e-3. Pairs of
        /// two anomalies need at least two labeled anomalies to mean anything.</summary>
        public override BackboneDefaults Defaults { get; } = new(Epochs: 50, BatchesPerEpoch: 20, BatchSize: 512, LearningRate: 1e-3,
            MinimumLabeledAnomalies: 2);

        public override IBackboneModel CreateModel(TrainingSettings settings, int featureCount, Device device, Random random)
            => new PReNetModel(settings, featureCount, device, random);

        /// <summary>The relation score against the fixed reference rows collapses to a one-hidden-layer network
        /// (<see cref="PReNetModel.Export"/>).</summary>
        public override IAnomalyScorer CreateScorer(MemberState member)
            => new TwoLayerScorer(member, PReNetModel.FeatureLayer, PReNetModel.OutputLayer);
    }
}
