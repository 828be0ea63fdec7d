using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace AnoOnly.Benchmarks.Methods
{
    /// <summary>
    /// ML.NET's FastTree binary classifier (gradient-boosted trees) on the same semi-labels as
    /// <see cref="LightGbmMethod"/>: labeled anomalies against everything else. Default settings (100 trees of 20
    /// leaves) but a fixed seed.
    /// </summary>
    internal sealed class FastTreeMethod : IBenchmarkMethod
    {
        public string Name => "FastTree";

        public BackboneVariant? Variant => null;

        public ITransformer Fit(MLContext mlContext, IDataView train, FitContext context)
            => mlContext.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = "IsLabeledAnomaly",
                FeatureColumnName = "Features",
                Seed = context.Seed,
                NumberOfTrees = context.Quick ? 20 : 100,
                // FastTree refuses rows with NaN labels and needs both classes; the protocol guarantees both.
                NumberOfThreads = 1,
            }).Fit(train);
    }
}
