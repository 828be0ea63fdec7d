using System;
using System.Collections.Generic;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Backbones.FeaWad
{
    /// <summary>
    /// FEAWAD (Zhou et al., TNNLS 2021) as in the AnoOnly reference. An autoencoder d -> d -> 128 -> 64 (code)
    /// -> 128 -> d (ReLU everywhere, Glorot normal weights, zero biases) is first pretrained with MSE on unlabeled
    /// rows. Then the detector, fed [r / |r|, code, |r|] with r = x - AE(x), is trained end to end with the
    /// autoencoder: Dense 256 + ReLU -> [., |r|] -> Dense 32 + ReLU -> [., |r|] -> BatchNorm1d(33, momentum 0.01,
    /// eps 1e-3) -> Dense 1. Loss (1 - y)(|s| + R_u) + y(max(5 - s, 0) + R_a), where the residual terms R are the
    /// constants 1 and 4 by default (see <see cref="FeaWadResidualLoss"/>); under the AnoOnly loss a confirmed normal's score
    /// term is max(s, 0). Adam (eps 1e-7) in both stages,
    /// weights of the lowest-loss epoch kept in each.
    /// </summary>
    internal sealed class FeaWadModel : IBackboneModel
    {
        private const float Margin = 5f;
        private const double AdamEps = 1e-7;
        private const double BatchNormEps = 1e-3;
        private const double BatchNormMomentum = 0.01;

        private readonly Detector _network;
        private readonly TrainingSettings _settings;
        private readonly int _featureCount;

        public FeaWadModel(TrainingSettings settings, int featureCount, Device device, Random random)
        {
            _settings = settings;
            _featureCount = featureCount;
            _network = new Detector(featureCount, settings.UseBatchNorm);
            foreach (Linear layer in _network.Layers())
                WeightInit.GlorotNormal(layer, random);
            _network.to(device);
        }

        public IReadOnlyList<TrainingStage> Stages(BatchSampler sampler)
        {
            Autoencoder autoencoder = _network.Autoencoder;
            int anomalies = _settings.BatchSize / 2;
            return new[]
            {
                new TrainingStage
                {
                    Name = "FEAWAD autoencoder",
                    Network = autoencoder,
                    // The reference pretrains for as many epochs and batches as it trains the detector.
                    Epochs = _settings.Epochs,
                    BatchesPerEpoch = _settings.BatchesPerEpoch,
                    KeepBestEpoch = true,
                    CreateOptimizer = () => optim.Adam(autoencoder.parameters(), _settings.LearningRate, eps: AdamEps),
                    BatchLoss = random =>
                    {
                        // Unlabeled rows only: the autoencoder learns what (mostly normal) data looks like. The AnoOnly
                        // rule governs the detector's loss, not this pretraining (no anomaly mask).
                        Tensor rows = sampler.UnlabeledRows(random, _settings.BatchSize);
                        Tensor perRow = (autoencoder.forward(rows) - rows).pow(2).mean(new long[] { 1 });
                        return new SampleLosses(perRow, AnomalyMask: null);
                    },
                },
                new TrainingStage
                {
                    Name = "FEAWAD",
                    Network = _network,
                    Epochs = _settings.Epochs,
                    BatchesPerEpoch = _settings.BatchesPerEpoch,
                    KeepBestEpoch = true,
                    CreateOptimizer = () => optim.Adam(_network.parameters(), _settings.LearningRate, eps: AdamEps),
                    BatchLoss = random =>
                    {
                        Batch batch = sampler.Balanced(random, anomalies, _settings.BatchSize - anomalies);
                        (Tensor scores, Tensor residualNorm) = _network.Forward(batch.Rows);
                        return new SampleLosses(PerRowLoss(scores, residualNorm, batch.IsAnomaly), batch.IsAnomaly,
                            ConfirmedNormalMask: batch.IsConfirmedNormal);
                    },
                },
            };
        }

        /// <summary>
        /// FEAWAD's loss per row: (1 - y)(|s| + n) + y(max(5 - s, 0) + max(5 - n, 0)). The published code takes n as
        /// the norm of the normalised residual, which is 1, so the residual terms are the constants 1 and 4; they
        /// are kept so the logged loss matches the reference's.
        /// </summary>
        private Tensor PerRowLoss(Tensor scores, Tensor residualNorm, Tensor isAnomaly)
        {
            Tensor unlabeledResidual, anomalyResidual;
            if (_settings.Options.FeaWadResidualLoss == FeaWadResidualLoss.RawResidual)
            {
                unlabeledResidual = residualNorm;
                anomalyResidual = (Margin - residualNorm).clamp_min(0);
            }
            else
            {
                unlabeledResidual = ones_like(scores);
                anomalyResidual = full_like(scores, Margin - 1);
            }
            // Under the AnoOnly loss only confirmed normals' normal terms count, and one-sided, as for DevNet: a normal
            // row is pushed down while it scores above 0, never up towards 0 from where BatchNorm put it.
            Tensor normalScore = _settings.Loss == AnoOnlyLoss.Full ? scores.abs() : scores.clamp_min(0);
            return (1 - isAnomaly) * (normalScore + unlabeledResidual)
                + isAnomaly * ((Margin - scores).clamp_min(0) + anomalyResidual);
        }

        public Tensor Score(Tensor rows)
        {
            _network.eval();
            using var _ = no_grad();
            return _network.forward(rows);
        }

        public MemberState Export()
        {
            int d = _featureCount;
            int detectorInputs = FeaWadScorer.DetectorInputs(d);
            Autoencoder ae = _network.Autoencoder;
            float[] outputWeight = TensorExport.Values(_network.Output.weight!);
            float[] outputBias = TensorExport.Values(_network.Output.bias!);
            if (_network.Norm is BatchNorm1d norm)
            {
                (float[] scale, float[] shift) = TensorExport.BatchNormAffine(norm, BatchNormEps);
                (outputWeight, outputBias) = BatchNormFolding.IntoFollowing(
                    outputWeight, outputBias, FeaWadScorer.NarrowWidth + 1, 1, scale, shift);
            }
            var tensors = new Dictionary<string, StoredTensor>();
            TensorExport.StoreLayer(tensors, FeaWadScorer.AeInput, ae.Input);
            TensorExport.StoreLayer(tensors, FeaWadScorer.AeEncoder, ae.Encoder);
            TensorExport.StoreLayer(tensors, FeaWadScorer.AeCode, ae.Code);
            TensorExport.StoreLayer(tensors, FeaWadScorer.AeDecoder, ae.Decoder);
            TensorExport.StoreLayer(tensors, FeaWadScorer.AeOutput, ae.Output);
            TensorExport.StoreLayer(tensors, FeaWadScorer.Hidden, _network.Hidden);
            TensorExport.StoreLayer(tensors, FeaWadScorer.Narrow, _network.Narrow);
            LayerCodec.Store(tensors, FeaWadScorer.Output, outputWeight, outputBias, 1, FeaWadScorer.NarrowWidth + 1);
            return new MemberState(AnoOnlyBackbone.FeaWad, _settings.Loss, d, ScoreCombination.Identity, tensors);
        }

        public void Dispose() => _network.Dispose();

        /// <summary>d -> d -> 128 -> 64 (code) -> 128 -> d, ReLU after every layer (the reconstruction too, as in
        /// the reference: inputs are min-max scaled to [0, 1]).</summary>
        private sealed class Autoencoder : nn.Module<Tensor, Tensor>
        {
            public readonly Linear Input;
            public readonly Linear Encoder;
            public readonly Linear Code;
            public readonly Linear Decoder;
            public readonly Linear Output;

            public Autoencoder(int featureCount) : base("FeaWadAutoencoder")
            {
                Input = nn.Linear(featureCount, featureCount);
                Encoder = nn.Linear(featureCount, FeaWadScorer.EncoderWidth);
                Code = nn.Linear(FeaWadScorer.EncoderWidth, FeaWadScorer.CodeWidth);
                Decoder = nn.Linear(FeaWadScorer.CodeWidth, FeaWadScorer.EncoderWidth);
                Output = nn.Linear(FeaWadScorer.EncoderWidth, featureCount);
                RegisterComponents();
            }

            public Linear[] Layers() => new[] { Input, Encoder, Code, Decoder, Output };

            public override Tensor forward(Tensor rows) => Reconstruct(rows).Reconstruction;

            public (Tensor Reconstruction, Tensor Code) Reconstruct(Tensor rows)
            {
                Tensor code = Relu(Code, Relu(Encoder, Relu(Input, rows)));
                return (Relu(Output, Relu(Decoder, code)), code);
            }

            private static Tensor Relu(Linear layer, Tensor input) => nn.functional.relu(layer.forward(input));
        }

        /// <summary>The autoencoder and the score network on [r / |r|, code, |r|], with |r| fed to every layer.</summary>
        private sealed class Detector : nn.Module<Tensor, Tensor>
        {
            public readonly Autoencoder Autoencoder;
            public readonly Linear Hidden;
            public readonly Linear Narrow;
            public readonly BatchNorm1d? Norm;
            public readonly Linear Output;

            public Detector(int featureCount, bool batchNorm) : base("FeaWad")
            {
                Autoencoder = new Autoencoder(featureCount);
                Hidden = nn.Linear(FeaWadScorer.DetectorInputs(featureCount), FeaWadScorer.HiddenWidth);
                Narrow = nn.Linear(FeaWadScorer.HiddenWidth + 1, FeaWadScorer.NarrowWidth);
                Norm = batchNorm ? nn.BatchNorm1d(FeaWadScorer.NarrowWidth + 1, eps: BatchNormEps, momentum: BatchNormMomentum) : null;
                Output = nn.Linear(FeaWadScorer.NarrowWidth + 1, 1);
                RegisterComponents();
            }

            public Linear[] Layers() => [.. Autoencoder.Layers(), Hidden, Narrow, Output];

            public override Tensor forward(Tensor rows)
            {
                using var scope = NewDisposeScope();
                return Forward(rows).Score.MoveToOuterDisposeScope();
            }

            /// <summary>Scores [n] and residual norms [n] (clamped at 1e-12, as F.normalize does).</summary>
            public (Tensor Score, Tensor ResidualNorm) Forward(Tensor rows)
            {
                (Tensor reconstruction, Tensor code) = Autoencoder.Reconstruct(rows);
                Tensor residual = rows - reconstruction;
                Tensor norm = residual.norm(1, keepdim: true).clamp_min(FeaWadScorer.MinimumNorm);
                Tensor hidden = nn.functional.relu(Hidden.forward(cat(new[] { residual / norm, code, norm }, 1)));
                hidden = nn.functional.relu(Narrow.forward(cat(new[] { hidden, norm }, 1)));
                hidden = cat(new[] { hidden, norm }, 1);
                if (Norm != null)
                    hidden = Norm.forward(hidden);
                return (Output.forward(hidden).squeeze(-1), norm.squeeze(-1));
            }
        }
    }
}
