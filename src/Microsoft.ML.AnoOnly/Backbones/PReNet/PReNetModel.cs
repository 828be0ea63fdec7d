using System;
using System.Collections.Generic;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Backbones.PReNet
{
    /// <summary>
    /// PReNet (Pang et al., KDD 2023) as in the AnoOnly reference: a feature map phi = Linear(d, 20) + ReLU
    /// [+ BatchNorm1d(20)] applied to each row of a pair, and a linear relation head Linear(40, 1) on
    /// [phi(left), phi(right)]. Trained on stratified pair batches, (anomaly, anomaly) -> 8,
    /// (anomaly, unlabeled) -> 4, (unlabeled, unlabeled) -> 0, with per-pair loss |target - s|; the AnoOnly
    /// loss keeps the pairs that involve a labeled anomaly, and those of a confirmed normal (<see cref="PairSampler"/>). RMSprop with weight decay 1e-2 and cosine
    /// annealing to 1e-5; weights of the last epoch kept. A row's score is the mean relation to a fixed set
    /// of 30 labeled anomalies (as the right element) plus the mean relation to 30 unlabeled rows (as the left).
    /// </summary>
    internal sealed class PReNetModel : IBackboneModel
    {
        /// <summary>The stored names of the collapsed scorer's two layers (<see cref="Scoring.TwoLayerScorer"/>).</summary>
        public const string FeatureLayer = "feature", OutputLayer = "output";

        internal const int HiddenSize = 20;
        internal const int ReferenceRows = 30;
        private const float AnomalyPairTarget = 8f;
        private const float MixedPairTarget = 4f;
        private const float UnlabeledPairTarget = 0f;
        // Keras-style RMSprop constants, as for DevNet; PyTorch's defaults (0.99, 1e-8) did no better in the
        // reference check (docs/backbones/prenet.md).
        private const double RmsPropAlpha = 0.9;
        private const double RmsPropEps = 1e-7;
        private const double WeightDecay = 1e-2;
        private const double FinalLearningRate = 1e-5;
        private const double BatchNormEps = 1e-5;

        private readonly Network _network;
        private readonly TrainingSettings _settings;
        private readonly int _featureCount;
        private readonly int _referenceSeed;
        private Tensor? _referenceAnomalies;
        private Tensor? _referenceUnlabeled;

        public PReNetModel(TrainingSettings settings, int featureCount, Device device, Random random)
        {
            _settings = settings;
            _featureCount = featureCount;
            _network = new Network(featureCount, settings.UseBatchNorm);
            WeightInit.PyTorchDefault(_network.Feature, random);
            WeightInit.PyTorchDefault(_network.Head, random);
            _network.to(device);
            // The scoring reference rows get their own stream, so that they do not depend on how many
            // batches training draws.
            _referenceSeed = random.Next();
        }

        public IReadOnlyList<TrainingStage> Stages(BatchSampler sampler)
        {
            DrawReferenceRows(sampler);
            var pairs = new PairSampler(sampler);
            // The reference's quarter / quarter / half split of a batch, with at least one pair of each kind.
            int anomalyPairs = Math.Max(1, _settings.BatchSize / 4);
            int mixedPairs = Math.Max(1, _settings.BatchSize / 4);
            int unlabeledPairs = Math.Max(1, _settings.BatchSize - anomalyPairs - mixedPairs);
            return new[]
            {
                new TrainingStage
                {
                    Name = "PReNet",
                    Network = _network,
                    Epochs = _settings.Epochs,
                    BatchesPerEpoch = _settings.BatchesPerEpoch,
                    KeepBestEpoch = false,
                    CreateOptimizer = () => optim.RMSProp(_network.parameters(), _settings.LearningRate,
                        alpha: RmsPropAlpha, eps: RmsPropEps, weight_decay: WeightDecay),
                    CreateScheduler = optimizer => optim.lr_scheduler.CosineAnnealingLR(optimizer, _settings.Epochs, FinalLearningRate),
                    BatchLoss = random =>
                    {
                        PairBatch batch = pairs.Next(random, anomalyPairs, mixedPairs, unlabeledPairs,
                            AnomalyPairTarget, MixedPairTarget, UnlabeledPairTarget);
                        Tensor scores = _network.forward(batch.Left, batch.Right);
                        // Under the AnoOnly loss a pair without an anomaly counts only when it holds a confirmed normal,
                        // and one-sided, as for DevNet: pushed down while it scores above its target 0, never pulled up.
                        Tensor perPair = _settings.Loss == AnoOnlyLoss.Full
                            ? (batch.Target - scores).abs()
                            : torch.where(batch.InvolvesAnomaly > 0.5, (batch.Target - scores).abs(), (scores - batch.Target).clamp_min(0));
                        return new SampleLosses(perPair, batch.InvolvesAnomaly, ConfirmedNormalMask: batch.ConfirmedNormalPair);
                    },
                },
            };
        }

        /// <summary>The reference's scoring rule, computed pair by pair:
        /// mean_k s(a_k, x) + mean_k s(x, u_k) over the fixed reference rows.</summary>
        public Tensor Score(Tensor rows)
        {
            _network.eval();
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            Tensor phiRows = _network.Phi(rows);
            Tensor phiAnomalies = _network.Phi(ReferenceAnomalies);
            Tensor phiUnlabeled = _network.Phi(ReferenceUnlabeled);
            long n = phiRows.shape[0];
            Tensor rowsExpanded = phiRows.unsqueeze(1).expand(n, ReferenceRows, HiddenSize);
            Tensor anomaliesLeft = cat(new[] { phiAnomalies.unsqueeze(0).expand(n, ReferenceRows, HiddenSize), rowsExpanded }, 2);
            Tensor unlabeledRight = cat(new[] { rowsExpanded, phiUnlabeled.unsqueeze(0).expand(n, ReferenceRows, HiddenSize) }, 2);
            Tensor score = _network.Head.forward(anomaliesLeft).squeeze(-1).mean(new long[] { 1 })
                + _network.Head.forward(unlabeledRight).squeeze(-1).mean(new long[] { 1 });
            return score.MoveToOuterDisposeScope();
        }

        /// <summary>
        /// The head is linear and eval-mode phi is fixed, so with wL, wR the head's halves and b its bias,
        /// score(x) = (wL + wR) . phi(x) + wL . mean_k phi(a_k) + wR . mean_k phi(u_k) + 2b. The export stores
        /// phi's layer, (wL + wR) and that constant, with phi's BatchNorm folded into both: the saved model
        /// scores without the reference rows, hence without any training data.
        /// </summary>
        public MemberState Export()
        {
            _network.eval();
            float[] head = TensorExport.Values(_network.Head.weight!);
            double bias = TensorExport.Values(_network.Head.bias!)[0];
            float[] meanAnomaly, meanUnlabeled;
            using (no_grad())
            using (NewDisposeScope())
            {
                meanAnomaly = TensorExport.Values(_network.Phi(ReferenceAnomalies).to_type(ScalarType.Float64).mean(new long[] { 0 }).to_type(ScalarType.Float32));
                meanUnlabeled = TensorExport.Values(_network.Phi(ReferenceUnlabeled).to_type(ScalarType.Float64).mean(new long[] { 0 }).to_type(ScalarType.Float32));
            }
            var weight = new float[HiddenSize];
            double constant = 2 * bias;
            for (int j = 0; j < HiddenSize; j++)
            {
                weight[j] = head[j] + head[HiddenSize + j];
                constant += (double)head[j] * meanAnomaly[j] + (double)head[HiddenSize + j] * meanUnlabeled[j];
            }
            float[] outputBias = { (float)constant };
            if (_network.Norm is BatchNorm1d norm)
            {
                (float[] scale, float[] shift) = TensorExport.BatchNormAffine(norm, BatchNormEps);
                (weight, outputBias) = BatchNormFolding.IntoFollowing(weight, outputBias, HiddenSize, 1, scale, shift);
            }
            var tensors = new Dictionary<string, StoredTensor>();
            TensorExport.StoreLayer(tensors, FeatureLayer, _network.Feature);
            LayerCodec.Store(tensors, OutputLayer, weight, outputBias, 1, HiddenSize);
            return new MemberState(AnoOnlyBackbone.PReNet, _settings.Loss, _featureCount, ScoreCombination.Identity, tensors);
        }

        public void Dispose()
        {
            _referenceAnomalies?.Dispose();
            _referenceUnlabeled?.Dispose();
            _network.Dispose();
        }

        private Tensor ReferenceAnomalies => _referenceAnomalies ?? throw NoReference();
        private Tensor ReferenceUnlabeled => _referenceUnlabeled ?? throw NoReference();

        private static InvalidOperationException NoReference() => new("PReNet's scoring reference rows are drawn when training starts.");

        /// <summary>The 30 labeled anomalies and 30 unlabeled rows every score is relative to, drawn once with
        /// replacement (the reference draws them with replacement too, but anew for every scored row).</summary>
        private void DrawReferenceRows(BatchSampler sampler)
        {
            var random = new Random(_referenceSeed);
            _referenceAnomalies?.Dispose();
            _referenceUnlabeled?.Dispose();
            _referenceAnomalies = Draw(sampler, sampler.Data.Anomalies, random);
            _referenceUnlabeled = Draw(sampler, sampler.Data.NormalRows, random);
        }

        private static Tensor Draw(BatchSampler sampler, Data.RowBuffer rows, Random random)
        {
            var indices = new int[ReferenceRows];
            for (int i = 0; i < indices.Length; i++)
                indices[i] = random.Next(rows.Count);
            var values = new float[ReferenceRows * rows.Width];
            rows.Gather(indices, values);
            return sampler.ToDevice(values, ReferenceRows).DetachFromDisposeScope();
        }

        private sealed class Network : nn.Module<Tensor, Tensor, Tensor>
        {
            public readonly Linear Feature;
            public readonly BatchNorm1d? Norm;
            public readonly Linear Head;

            public Network(int featureCount, bool batchNorm) : base("PReNet")
            {
                Feature = nn.Linear(featureCount, HiddenSize);
                Norm = batchNorm ? nn.BatchNorm1d(HiddenSize, eps: BatchNormEps) : null;
                Head = nn.Linear(2 * HiddenSize, 1);
                RegisterComponents();
            }

            /// <summary>The feature map of one side. Called once per side, so in training each side's
            /// BatchNorm uses that side's batch statistics (and updates the running ones twice per batch).</summary>
            public Tensor Phi(Tensor rows)
            {
                using var scope = NewDisposeScope();
                Tensor hidden = nn.functional.relu(Feature.forward(rows));
                if (Norm != null)
                    hidden = Norm.forward(hidden);
                return hidden.MoveToOuterDisposeScope();
            }

            public override Tensor forward(Tensor left, Tensor right)
            {
                using var scope = NewDisposeScope();
                return Head.forward(cat(new[] { Phi(left), Phi(right) }, 1)).squeeze(-1).MoveToOuterDisposeScope();
            }
        }
    }
}
