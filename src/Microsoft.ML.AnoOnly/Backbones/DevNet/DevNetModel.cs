using System;
using System.Collections.Generic;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Backbones.DevNet
{
    /// <summary>
    /// DevNet (Pang et al., KDD 2019) as in the AnoOnly reference: Linear(d, 20) + ReLU (L2 0.01 on its
    /// weights) [+ BatchNorm1d(20), momentum 0.01, eps 1e-3] -> Linear(20, 1). Full loss
    /// (1 - y)|s| + y|5 - s|; AnoOnly loss 5 - s on the labeled anomalies and max(s, 0) on confirmed normals. RMSprop (rho 0.9, eps 1e-7);
    /// balanced batches; weights of the lowest-loss epoch kept.
    /// </summary>
    internal sealed class DevNetModel : IBackboneModel
    {
        /// <summary>The stored names of the two layers (<see cref="Scoring.TwoLayerScorer"/>).</summary>
        public const string HiddenLayer = "hidden", OutputLayer = "output";

        private const int HiddenSize = 20;
        private const float Margin = 5f;
        private const double WeightL2 = 0.01;
        private const double BatchNormEps = 1e-3;
        private const double BatchNormMomentum = 0.01;

        private readonly Network _network;
        private readonly TrainingSettings _settings;
        private readonly int _featureCount;

        public DevNetModel(TrainingSettings settings, int featureCount, Device device, Random random)
        {
            _settings = settings;
            _featureCount = featureCount;
            _network = new Network(featureCount, settings.UseBatchNorm);
            WeightInit.PyTorchDefault(_network.Hidden, random);
            WeightInit.PyTorchDefault(_network.Output, random);
            _network.to(device);
        }

        public IReadOnlyList<TrainingStage> Stages(BatchSampler sampler)
        {
            int anomalies = _settings.BatchSize / 2;
            return new[]
            {
                new TrainingStage
                {
                    Name = "DevNet",
                    Network = _network,
                    Epochs = _settings.Epochs,
                    BatchesPerEpoch = _settings.BatchesPerEpoch,
                    KeepBestEpoch = true,
                    CreateOptimizer = () => optim.RMSProp(_network.parameters(), _settings.LearningRate, alpha: 0.9, eps: 1e-7),
                    BatchLoss = random =>
                    {
                        Batch batch = sampler.Balanced(random, anomalies, _settings.BatchSize - anomalies);
                        Tensor scores = _network.forward(batch.Rows);
                        // Per row: |s| for normal rows, |5 - s| for labeled anomalies (the full loss). Under the AnoOnly
                        // loss the anomaly terms count, written 5 - s, unclipped, as the reference does, and the normal
                        // term of confirmed normals, one-sided there: BatchNorm puts normal rows below 0, and pulling a
                        // confirmed normal up to 0 made the model rank the normal bulk higher (docs/how-it-works.md).
                        // LossPolicy ignores the unlabeled rows' terms.
                        Tensor perSample = _settings.Loss == AnoOnlyLoss.Full
                            ? (1 - batch.IsAnomaly) * scores.abs() + batch.IsAnomaly * (Margin - scores).abs()
                            : torch.where(batch.IsAnomaly > 0.5, Margin - scores, scores.clamp_min(0));
                        return new SampleLosses(perSample, batch.IsAnomaly, WeightL2 * _network.Hidden.weight!.pow(2).sum(),
                            batch.IsConfirmedNormal);
                    },
                },
            };
        }

        public Tensor Score(Tensor rows)
        {
            _network.eval();
            using var _ = no_grad();
            return _network.forward(rows);
        }

        public MemberState Export()
        {
            float[] outputWeight = TensorExport.Values(_network.Output.weight!);
            float[] outputBias = TensorExport.Values(_network.Output.bias!);
            if (_network.Norm is BatchNorm1d norm)
            {
                (float[] scale, float[] shift) = TensorExport.BatchNormAffine(norm, BatchNormEps);
                (outputWeight, outputBias) = BatchNormFolding.IntoFollowing(outputWeight, outputBias, HiddenSize, 1, scale, shift);
            }
            var tensors = new Dictionary<string, StoredTensor>();
            TensorExport.StoreLayer(tensors, HiddenLayer, _network.Hidden);
            LayerCodec.Store(tensors, OutputLayer, outputWeight, outputBias, 1, HiddenSize);
            return new MemberState(AnoOnlyBackbone.DevNet, _settings.Loss, _featureCount, ScoreCombination.Identity, tensors);
        }

        public void Dispose() => _network.Dispose();

        private sealed class Network : nn.Module<Tensor, Tensor>
        {
            public readonly Linear Hidden;
            public readonly BatchNorm1d? Norm;
            public readonly Linear Output;

            public Network(int featureCount, bool batchNorm) : base("DevNet")
            {
                Hidden = nn.Linear(featureCount, HiddenSize);
                Norm = batchNorm ? nn.BatchNorm1d(HiddenSize, eps: BatchNormEps, momentum: BatchNormMomentum) : null;
                Output = nn.Linear(HiddenSize, 1);
                RegisterComponents();
            }

            public override Tensor forward(Tensor rows)
            {
                using var scope = NewDisposeScope();
                Tensor hidden = nn.functional.relu(Hidden.forward(rows));
                if (Norm != null)
                    hidden = Norm.forward(hidden);
                return Output.forward(hidden).squeeze(-1).MoveToOuterDisposeScope();
            }
        }
    }
}
