using System;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>A backbone's defaults for the settings the user may leave unset. <paramref name="BatchNormWithFullLoss"/>:
    /// the network keeps its BatchNorm under the full loss too (it is part of the backbone's architecture).</summary>
    internal sealed record BackboneDefaults(int Epochs, int BatchesPerEpoch, int BatchSize, double LearningRate,
        int MinimumLabeledAnomalies = 1, bool BatchNormWithFullLoss = false);

    /// <summary>The options of one fit with every default resolved.</summary>
    internal sealed record TrainingSettings(
        AnoOnlyBackbone Backbone,
        AnoOnlyLoss Loss,
        bool UseBatchNorm,
        int Epochs,
        int BatchesPerEpoch,
        int BatchSize,
        double LearningRate,
        int Seed)
    {
        /// <summary>FEAWAD only: the residual norm in its loss.</summary>
        public FeaWadResidualLoss FeaWadResidualLoss { get; init; }

        public static TrainingSettings Resolve(AnoOnlyTrainer.Options options, BackboneDefaults defaults, int seed)
        {
            int epochs = Positive(options.NumberOfEpochs ?? defaults.Epochs, nameof(options.NumberOfEpochs));
            int batches = Positive(options.BatchesPerEpoch ?? defaults.BatchesPerEpoch, nameof(options.BatchesPerEpoch));
            int batchSize = options.BatchSize ?? defaults.BatchSize;
            if (batchSize < 2)
                throw new ArgumentOutOfRangeException(nameof(options.BatchSize), batchSize,
                    "BatchSize must be at least 2: each batch holds labeled anomalies and unlabeled rows.");
            double learningRate = options.LearningRate ?? defaults.LearningRate;
            if (!(learningRate > 0) || double.IsInfinity(learningRate))
                throw new ArgumentOutOfRangeException(nameof(options.LearningRate), learningRate, "LearningRate must be a positive number.");
            if (!Enum.IsDefined(options.FeaWadResidualLoss))
                throw new ArgumentOutOfRangeException(nameof(options.FeaWadResidualLoss), options.FeaWadResidualLoss, "Unknown FeaWadResidualLoss.");
            return new TrainingSettings(options.Backbone, options.Loss,
                options.UseBatchNorm ?? (defaults.BatchNormWithFullLoss || options.Loss == AnoOnlyLoss.AnomalyOnly),
                epochs, batches, batchSize, learningRate, seed)
            {
                FeaWadResidualLoss = options.FeaWadResidualLoss,
            };
        }

        private static int Positive(int value, string name) => value > 0
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
    }
}
