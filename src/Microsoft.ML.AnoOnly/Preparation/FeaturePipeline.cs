using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.AnoOnly.Preparation
{
    /// <summary>
    /// Builds the feature pipeline from ML.NET's own transforms only, so the fitted pipeline saves, loads and exports
    /// as they do and needs nothing of this library to score: numbers converted to Single, missing values flagged and
    /// replaced by the training mean, categories one-hot encoded, everything concatenated in column order and min-max
    /// scaled, the intermediate columns dropped.
    /// </summary>
    internal static class FeaturePipeline
    {
        // Intermediate columns; dropped at the end, so the output holds the input columns plus the feature vector.
        private const string Prefix = "AnoOnlyFeaturizer.";

        public static EstimatorChain<ITransformer> Build(TransformsCatalog catalog, IReadOnlyList<AnoOnlyFeatureColumn> plan,
            AnoOnlyFeaturizerOptions options)
        {
            AnoOnlyFeatureColumn[] numeric = plan.Where(c => c.Role == AnoOnlyColumnRole.Numeric).ToArray();
            AnoOnlyFeatureColumn[] indicated = numeric.Where(c => c.HasMissingIndicator).ToArray();
            AnoOnlyFeatureColumn[] categorical = plan.Where(c => c.Role == AnoOnlyColumnRole.Categorical).ToArray();

            var chain = new EstimatorChain<ITransformer>();
            if (numeric.Length > 0)
                chain = chain.Append<ITransformer>(catalog.Conversion.ConvertType(Pairs(numeric, Value), DataKind.Single));
            if (indicated.Length > 0)
            {
                // Flag before replacing: the indicator must see the blanks the mean fills in.
                chain = chain.Append<ITransformer>(catalog.IndicateMissingValues(indicated.Select(c => new InputOutputColumnPair(Missing(c), Value(c))).ToArray()))
                    .Append<ITransformer>(catalog.Conversion.ConvertType(indicated.Select(c => new InputOutputColumnPair(Missing(c))).ToArray(), DataKind.Single));
            }
            if (numeric.Length > 0 && options.MissingValues == AnoOnlyMissingValues.Impute)
            {
                // Every numeric column, not only those with blanks in the sample: a blank first met later in the
                // training rows or when scoring gets the training mean too.
                chain = chain.Append<ITransformer>(catalog.ReplaceMissingValues(numeric.Select(c => new InputOutputColumnPair(Value(c))).ToArray(),
                    MissingValueReplacingEstimator.ReplacementMode.Mean));
            }
            if (categorical.Length > 0)
            {
                // Indicator output: a category never met in training maps to ML.NET's missing key, i.e. all zeros.
                chain = chain.Append<ITransformer>(catalog.Categorical.OneHotEncoding(Pairs(categorical, Category),
                    OneHotEncodingEstimator.OutputKind.Indicator, maximumNumberOfKeys: options.MaxCategories));
            }

            string[] parts = plan.SelectMany(c => c.Role switch
            {
                AnoOnlyColumnRole.Numeric => c.HasMissingIndicator ? new[] { Value(c), Missing(c) } : new[] { Value(c) },
                AnoOnlyColumnRole.Categorical => new[] { Category(c) },
                _ => System.Array.Empty<string>(),
            }).ToArray();
            return chain.Append<ITransformer>(catalog.Concatenate(options.OutputColumnName, parts))
                .Append<ITransformer>(catalog.NormalizeMinMax(options.OutputColumnName, fixZero: false))
                .Append<ITransformer>(catalog.DropColumns(parts));
        }

        private static InputOutputColumnPair[] Pairs(IEnumerable<AnoOnlyFeatureColumn> columns, System.Func<AnoOnlyFeatureColumn, string> output)
            => columns.Select(c => new InputOutputColumnPair(output(c), c.Name)).ToArray();

        private static string Value(AnoOnlyFeatureColumn column) => Prefix + "Value." + column.Name;

        private static string Missing(AnoOnlyFeatureColumn column) => Prefix + "Missing." + column.Name;

        private static string Category(AnoOnlyFeatureColumn column) => Prefix + "Category." + column.Name;
    }
}
