using System;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Backbones.DevNet
{
    /// <summary>DevNet (Pang et al., KDD 2019): see <see cref="DevNetModel"/> and docs/backbones/devnet.md.</summary>
    internal sealed class DevNetBackbone : BackboneDescriptor
    {
        public override AnoOnlyBackbone Id => AnoOnlyBackbone.DevNet;
        public override string Name => "DevNet";
        public override string Summary => "Deviation network: an MLP whose scores of labeled anomalies are pushed a margin above normal ones.";

        public override BackboneDefaults Defaults { get; } = new(Epochs: 50, BatchesPerEpoch: 20, BatchSize: 64, LearningRate: 2e-4);

        public override IBackboneModel CreateModel(TrainingSettings settings, int featureCount, Device device, Random random)
            => new DevNetModel(settings, featureCount, device, random);

        public override IAnomalyScorer CreateScorer(MemberState member)
            => new TwoLayerScorer(member, DevNetModel.HiddenLayer, DevNetModel.OutputLayer);
    }
}
