using System.Threading;
using Microsoft.ML.SearchSpace;

namespace Microsoft.ML.AnoOnly
{
    public sealed partial class AnoOnlyTrainer
    {
        /// <summary>
        /// Options of <see cref="AnoOnlyTrainer"/>. Settings left <see langword="null"/> take the chosen
        /// backbone's default, which follows the AnoOnly reference implementation (see docs/backbones/).
        /// </summary>
        /// <remarks>
        /// The <see cref="ChoiceAttribute"/> and <see cref="RangeAttribute"/> marks on the fields are the search
        /// space of <see cref="AnoOnlyExperiment"/> (docs/sweeps.md); ML.NET's AutoML <c>SearchSpace&lt;Options&gt;</c>
        /// reads the same marks. The backbone dimension is every backbone of the library
        /// (<see cref="AnoOnlyBackboneInfo.All"/>), added by the sweep. Each backbone's defaults are listed by
        /// <see cref="AnoOnlyBackboneInfo"/> and in docs/backbones/.
        /// </remarks>
        public sealed partial class Options
        {
            /// <summary>The feature column: a known-size vector of <see cref="float"/>. Default: <c>Features</c>.</summary>
            public string FeatureColumnName = "Features";

            /// <summary>
            /// The label column: <see cref="bool"/> (true = labeled anomaly), or <see cref="float"/> where a
            /// value above zero marks a labeled anomaly. Every other row is unlabeled (or a confirmed normal, see
            /// <see cref="ConfirmedNormalColumnName"/>). Default: <c>Label</c>.
            /// </summary>
            public string LabelColumnName = "Label";

            /// <summary>
            /// The detection network, or the ensemble of them. Default: <see cref="AnoOnlyBackbone.Ensemble"/>, which
            /// measured best on average and degrades least where a single backbone collapses (docs/how-it-works.md).
            /// Select a single backbone to train it alone, as the AnoOnly paper's tables do.
            /// </summary>
            public AnoOnlyBackbone Backbone = AnoOnlyBackbone.Ensemble;

            /// <summary>The loss: the AnoOnly loss on labeled anomalies only (default), or the backbone's
            /// original full loss.</summary>
            [Choice(new object[] { AnoOnlyLoss.AnomalyOnly, AnoOnlyLoss.Full }, AnoOnlyLoss.AnomalyOnly)]
            public AnoOnlyLoss Loss = AnoOnlyLoss.AnomalyOnly;

            /// <summary>
            /// Whether the network has its BatchNorm layer. <see langword="null"/> (default): on with the
            /// <see cref="AnoOnlyLoss.AnomalyOnly"/> loss, as the method prescribes; with the <see cref="AnoOnlyLoss.Full"/>
            /// loss, on only for a backbone whose original architecture has BatchNorm
            /// (<see cref="AnoOnlyBackboneInfo.BatchNormWithFullLoss"/>). A backbone whose BatchNorm layers are part of its
            /// architecture may ignore false (docs/backbones/ says which).
            /// </summary>
            public bool? UseBatchNorm;

            /// <summary>Training epochs. <see langword="null"/>: the backbone's default (<see cref="AnoOnlyBackboneInfo.DefaultEpochs"/>).</summary>
            [Range(10, 100, 50, logBase: true)]
            public int? NumberOfEpochs;

            /// <summary>Batches per epoch. <see langword="null"/>: the backbone's default (<see cref="AnoOnlyBackboneInfo.DefaultBatchesPerEpoch"/>).</summary>
            public int? BatchesPerEpoch;

            /// <summary>
            /// Rows per batch, half labeled anomalies (sampled with replacement) and half unlabeled rows.
            /// For PReNet the batch counts pairs (a quarter anomaly-anomaly, a quarter anomaly-unlabeled, the rest
            /// unlabeled-unlabeled). <see langword="null"/>: the backbone's default (<see cref="AnoOnlyBackboneInfo.DefaultBatchSize"/>).
            /// </summary>
            [Range(16, 512, 64, logBase: true)]
            public int? BatchSize;

            /// <summary>Learning rate of the backbone's optimizer. <see langword="null"/>: the backbone's
            /// default (<see cref="AnoOnlyBackboneInfo.DefaultLearningRate"/>).</summary>
            [Range(1e-5, 1e-2, 2e-4, logBase: true)]
            public double? LearningRate;

            /// <summary>
            /// Seed of weight initialisation and batch sampling. <see langword="null"/> (default): drawn from
            /// the <see cref="MLContext"/>'s random source, so <c>new MLContext(seed)</c> makes training repeatable.
            /// </summary>
            public int? Seed;

            /// <summary>
            /// Threads libtorch uses while training. <see langword="null"/> (default): 1. AnoOnly's networks are small,
            /// and on them libtorch's thread pool costs more than it saves, badly so when other work shares the cores
            /// (docs/benchmarks.md). libtorch's thread count belongs to the process: a fit sets it for every model
            /// training in the process at that time. On the CPU the ensemble trains its networks side by side instead,
            /// as many at once as there are cores divided by this number; the model is the same either way.
            /// </summary>
            public int? NumberOfThreads;

            /// <summary>
            /// Where the network is trained. <see langword="null"/> (default): as the <see cref="MLContext"/> says, like
            /// ML.NET's TorchSharp trainers: on the CPU unless <see cref="MLContext.GpuDeviceId"/> is set, then on that
            /// CUDA device, or on the CPU (with one line on <c>MLContext.Log</c>) when it is missing and
            /// <see cref="MLContext.FallbackToCpu"/> is true, else <see cref="AnoOnlyTrainingException"/>. A value set here
            /// wins over the MLContext. The MLContext's settings are read when the trainer is created. The full rule is
            /// in docs/devices.md.
            /// </summary>
            public AnoOnlyDevice? Device;

            /// <summary>
            /// Expected share of anomalies, used to set the default decision threshold: the model's
            /// <see cref="AnoOnlyTransformer.Threshold"/> is the (1 - Contamination) quantile of the scores of
            /// the training rows. Must lie in (0, 0.5]. Default: 0.1. Change the threshold of a trained model
            /// with <see cref="AnoOnlyTransformer.WithThreshold(float)"/>.
            /// </summary>
            public double Contamination = 0.1;

            /// <summary>
            /// Most unlabeled rows kept for training. The trainer reads the data in one streaming pass and
            /// keeps every labeled anomaly plus a uniform (reservoir) sample of this many unlabeled rows, so
            /// memory stays bounded on data larger than memory. Default: 1,000,000.
            /// </summary>
            public int MaxUnlabeledRows = 1_000_000;

            /// <summary>
            /// <see cref="AnoOnlyBackbone.FeaWad"/> only: which reconstruction-residual norm enters its loss.
            /// Default: <see cref="AnoOnly.FeaWadResidualLoss.NormalizedResidual"/>, as FEAWAD's published code and
            /// the AnoOnly reference compute it (the residual terms are then constants);
            /// <see cref="AnoOnly.FeaWadResidualLoss.RawResidual"/> uses the raw residual norm, as the FEAWAD paper
            /// describes. Other backbones ignore it.
            /// </summary>
            public FeaWadResidualLoss FeaWadResidualLoss = FeaWadResidualLoss.NormalizedResidual;

            /// <summary>Stops training when cancelled (checked between batches). Default: none.</summary>
            public CancellationToken CancellationToken;

            /// <summary>
            /// Receives a report after every training epoch (stage, epoch, batches, mean loss, and the member of an
            /// ensemble), on the thread that trains it, one report at a time; a <see cref="System.Progress{T}"/> created
            /// on a UI thread posts them back to it. The same facts are logged to <c>MLContext.Log</c>. Default: none.
            /// </summary>
            public System.IProgress<AnoOnlyTrainingProgress>? Progress;
        }
    }
}
