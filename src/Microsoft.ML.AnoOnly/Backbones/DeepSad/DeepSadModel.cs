using System;
using System.Collections.Generic;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Backbones.DeepSad
{
    /// <summary>
    /// Deep SAD (Ruff et al., ICLR 2020) as in the AnoOnly reference: an MLP d -> 100 -> 20 of bias-free
    /// Linear + BatchNorm1d (eps 1e-4, not affine) + LeakyReLU(0.01) layers and a bias-free code layer
    /// Linear(20, 10); the score is the squared distance of the code to a centre c fixed before training.
    /// Per-sample loss: dist for unlabeled rows, eta / (dist + 1e-6) for labeled anomalies (eta = 1).
    /// Adam (weight decay 1e-6), balanced batches, weights of the last epoch kept. No autoencoder
    /// pretraining. The BatchNorm layers are part of the architecture under both losses.
    /// </summary>
    internal sealed class DeepSadModel : IBackboneModel
    {
        internal const int FirstHiddenSize = 100;
        internal const int SecondHiddenSize = 20;
        internal const int CodeSize = 10;
        private const double BatchNormEps = 1e-4;
        private const double LeakySlope = 0.01;
        private const double Eta = 1.0;
        private const double InverseDistanceEps = 1e-6;
        private const double WeightDecay = 1e-6;
        private const double MinimumCentreMagnitude = 0.1;
        private const int CentreChunkRows = 4096;

        private readonly Network _network;
        private readonly TrainingSettings _settings;
        private readonly int _featureCount;
        private Tensor? _centre;

        public DeepSadModel(TrainingSettings settings, int featureCount, Device device, Random random)
        {
            _settings = settings;
            _featureCount = featureCount;
            _network = new Network(featureCount);
            WeightInit.PyTorchDefault(_network.First, random);
            WeightInit.PyTorchDefault(_network.Second, random);
            WeightInit.PyTorchDefault(_network.Code, random);
            _network.to(device);
        }

        /// <summary>The hypersphere centre (set by the stage's Prepare step).</summary>
        internal Tensor Centre => _centre ?? throw new InvalidOperationException("The DeepSAD centre is set when training starts.");

        public IReadOnlyList<TrainingStage> Stages(BatchSampler sampler)
        {
            int anomalies = _settings.BatchSize / 2;
            return new[]
            {
                new TrainingStage
                {
                    Name = "DeepSAD",
                    Network = _network,
                    Epochs = _settings.Epochs,
                    BatchesPerEpoch = _settings.BatchesPerEpoch,
                    KeepBestEpoch = false,
                    Prepare = () => SetCentre(sampler),
                    CreateOptimizer = () => optim.Adam(_network.parameters(), _settings.LearningRate, weight_decay: WeightDecay),
                    BatchLoss = random =>
                    {
                        Batch batch = sampler.Balanced(random, anomalies, _settings.BatchSize - anomalies);
                        Tensor dist = Distance(_network.forward(batch.Rows));
                        // dist >= 0, so dist + 1e-6 >= 1e-6: an anomaly's term is at most eta x 1e6 however close it
                        // lies to c, and the loop's finite-loss check catches whatever else goes wrong.
                        Tensor perSample = torch.where(batch.IsAnomaly > 0.5, Eta / (dist + InverseDistanceEps), dist);
                        return new SampleLosses(perSample, batch.IsAnomaly, ConfirmedNormalMask: batch.IsConfirmedNormal);
                    },
                },
            };
        }

        public Tensor Score(Tensor rows)
        {
            _network.eval();
            using var _ = no_grad();
            return Distance(_network.forward(rows));
        }

        public MemberState Export()
        {
            (float[] firstWeight, float[] firstBias) = Fold(_network.First, _network.FirstNorm, _featureCount, FirstHiddenSize);
            (float[] secondWeight, float[] secondBias) = Fold(_network.Second, _network.SecondNorm, FirstHiddenSize, SecondHiddenSize);
            var tensors = new Dictionary<string, StoredTensor>();
            LayerCodec.Store(tensors, DeepSadScorer.FirstLayer, firstWeight, firstBias, FirstHiddenSize, _featureCount);
            LayerCodec.Store(tensors, DeepSadScorer.SecondLayer, secondWeight, secondBias, SecondHiddenSize, FirstHiddenSize);
            TensorExport.StoreLayer(tensors, DeepSadScorer.CodeLayer, _network.Code);
            tensors[DeepSadScorer.Centre] = new StoredTensor(new[] { CodeSize }, TensorExport.Values(Centre));
            return new MemberState(AnoOnlyBackbone.DeepSad, _settings.Loss, _featureCount, ScoreCombination.Identity, tensors);
        }

        public void Dispose()
        {
            _centre?.Dispose();
            _network.Dispose();
        }

        private Tensor Distance(Tensor code) => (code - Centre).pow(2).sum(new long[] { 1 });

        /// <summary>The eval-mode BatchNorm after a bias-free layer becomes that layer's weights and bias.</summary>
        private static (float[] Weight, float[] Bias) Fold(Linear layer, BatchNorm1d norm, int inputs, int outputs)
        {
            (float[] scale, float[] shift) = TensorExport.BatchNormAffine(norm, BatchNormEps);
            return BatchNormFolding.IntoPreceding(TensorExport.Values(layer.weight!), null, inputs, outputs, scale, shift);
        }

        /// <summary>
        /// c = the mean code of every training row (labeled anomalies, unlabeled rows, confirmed normals alike) in one
        /// eval-mode pass of the untrained network, as the reference computes it; coordinates closer to 0
        /// than 0.1 are pushed to +-0.1 (0 to +0.1), since a zero coordinate is matched trivially by zero weights.
        /// </summary>
        private void SetCentre(BatchSampler sampler)
        {
            TrainingSet data = sampler.Data;
            var sum = new double[CodeSize];
            _network.eval();
            using (no_grad())
            {
                foreach (RowBuffer buffer in new[] { data.Anomalies, data.Unlabeled, data.ConfirmedNormals })
                {
                    for (int start = 0; start < buffer.Count; start += CentreChunkRows)
                    {
                        using DisposeScope scope = NewDisposeScope();
                        Tensor codes = _network.forward(sampler.Rows(buffer, start, Math.Min(CentreChunkRows, buffer.Count - start)));
                        float[] chunkSum = TensorExport.Values(codes.to_type(ScalarType.Float64).sum(new long[] { 0 }).to_type(ScalarType.Float32));
                        for (int j = 0; j < CodeSize; j++)
                            sum[j] += chunkSum[j];
                    }
                }
            }
            int rows = data.Anomalies.Count + data.Unlabeled.Count + data.ConfirmedNormals.Count;
            var centre = new float[CodeSize];
            for (int j = 0; j < CodeSize; j++)
            {
                double value = sum[j] / rows;
                centre[j] = (float)(Math.Abs(value) >= MinimumCentreMagnitude ? value
                    : value < 0 ? -MinimumCentreMagnitude : MinimumCentreMagnitude);
            }
            _centre?.Dispose();
            _centre = TensorImport.Vector(centre, sampler.Device);
        }

        private sealed class Network : nn.Module<Tensor, Tensor>
        {
            public readonly Linear First;
            public readonly BatchNorm1d FirstNorm;
            public readonly Linear Second;
            public readonly BatchNorm1d SecondNorm;
            public readonly Linear Code;

            public Network(int featureCount) : base("DeepSAD")
            {
                First = nn.Linear(featureCount, FirstHiddenSize, hasBias: false);
                FirstNorm = nn.BatchNorm1d(FirstHiddenSize, eps: BatchNormEps, affine: false);
                Second = nn.Linear(FirstHiddenSize, SecondHiddenSize, hasBias: false);
                SecondNorm = nn.BatchNorm1d(SecondHiddenSize, eps: BatchNormEps, affine: false);
                Code = nn.Linear(SecondHiddenSize, CodeSize, hasBias: false);
                RegisterComponents();
            }

            public override Tensor forward(Tensor rows)
            {
                using var scope = NewDisposeScope();
                Tensor hidden = nn.functional.leaky_relu(FirstNorm.forward(First.forward(rows)), LeakySlope);
                hidden = nn.functional.leaky_relu(SecondNorm.forward(Second.forward(hidden)), LeakySlope);
                return Code.forward(hidden).MoveToOuterDisposeScope();
            }
        }
    }
}
