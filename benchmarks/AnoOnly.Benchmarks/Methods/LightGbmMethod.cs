using Microsoft.ML;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Trainers.LightGbm;

namespace AnoOnly.Benchmarks.Methods
{
    /// <summary>
    /// A supervised baseline: ML.NET's LightGBM binary classifier trained on the same semi-labels (labeled
    /// anomalies against everything else, unlabeled anomalies included as negatives). Its raw
    /// <c>Score</c> orders rows as its probability does. Default settings but a fixed seed and one thread
    /// per core.
    /// </summary>
    internal sealed class LightGbmMethod : IBenchmarkMethod
    {
        public string Name => "LightGbm";

        public BackboneVariant? Variant => null;

        public ITransformer Fit(MLContext mlContext, IDataView train, FitContext context)
        {
            var options = new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = ProtocolSplit.LabeledAnomalyColumnName,
                FeatureColumnName = "Features",
                Seed = context.Seed,
                Silent = true,
                NumberOfIterations = context.Quick ? 20 : 100,
            };
            return mlContext.BinaryClassification.Trainers.LightGbm(options).Fit(train);
        }
    }
}
