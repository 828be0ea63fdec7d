using System;
using Microsoft.ML;

namespace AnoOnly.Benchmarks.Methods
{
    /// <summary>ML.NET's unsupervised baseline: randomized PCA, score = reconstruction error. Fitted on the
    /// train rows with their labels ignored.</summary>
    internal sealed class RandomizedPcaMethod : IBenchmarkMethod
    {
        public string Name => "RandomizedPca";

        public BackboneVariant? Variant => null;

        /// <summary>ML.NET's default rank 20, capped at half the features so that the residual space the
        /// score measures is never empty on narrow sets (6 to 9 features).</summary>
        public static int RankFor(int featureCount) => Math.Max(1, Math.Min(20, featureCount / 2));

        public ITransformer Fit(MLContext mlContext, IDataView train, FitContext context)
            => mlContext.AnomalyDetection.Trainers
                .RandomizedPca(featureColumnName: "Features", rank: RankFor(context.FeatureCount), ensureZeroMean: true, seed: context.Seed)
                .Fit(train);
    }
}
