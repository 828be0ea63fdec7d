using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.AnoOnly.Onnx
{
    /// <summary>
    /// Folds the normalizers directly before an AnoOnly model into its ONNX graph. ML.NET's affine normalizers
    /// (<c>NormalizeMinMax</c>, <c>NormalizeMeanVariance</c> without CDF) compute (x - offset) * scale per slot, which
    /// becomes a Sub and a Mul node. A normalizer is folded when it normalizes the model's feature column in place; the
    /// steps before the first step that is not such a normalizer stay outside the graph, whose input is then the feature
    /// vector as that step produces it. A normalizer directly before the model that cannot be folded (another mode, several
    /// columns, a renamed column) is refused rather than left out silently.
    /// </summary>
    internal static class NormalizerFolding
    {
        /// <summary>The affine steps to apply to the graph's input, first to last.</summary>
        public static List<(float[] Offset, float[] Scale)> Find(IReadOnlyList<ITransformer> preceding, ModelState state)
        {
            var folded = new List<(float[] Offset, float[] Scale)>();
            for (int i = preceding.Count - 1; i >= 0 && preceding[i] is NormalizingTransformer normalizer; i--)
                folded.Insert(0, Affine(normalizer, state));
            return folded;
        }

        private static (float[] Offset, float[] Scale) Affine(NormalizingTransformer normalizer, ModelState state)
        {
            if (!NormalizesInPlace(normalizer, state))
                throw Refused($"it does not normalize the feature column '{state.FeatureColumnName}' in place, or normalizes other columns too");
            if (normalizer.GetNormalizerModelParameters(0) is not NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>> affine)
                throw Refused("it is not an affine normalizer (NormalizeMinMax or NormalizeMeanVariance without CDF)");
            float[] scale = affine.Scale.ToArray();
            float[] offset = affine.Offset.IsDefaultOrEmpty ? new float[scale.Length] : affine.Offset.ToArray();
            if (scale.Length != state.FeatureCount || offset.Length != state.FeatureCount)
                throw Refused($"it has {scale.Length} scales for {state.FeatureCount} features");
            return (offset, scale);
        }

        /// <summary>Whether the normalizer reads and writes the feature column and nothing else: on a schema of the feature
        /// column alone it must work and add a new column of that name.</summary>
        private static bool NormalizesInPlace(NormalizingTransformer normalizer, ModelState state)
        {
            var builder = new DataViewSchema.Builder();
            builder.AddColumn(state.FeatureColumnName, new VectorDataViewType(NumberDataViewType.Single, state.FeatureCount));
            DataViewSchema probe = builder.ToSchema();
            try
            {
                DataViewSchema output = normalizer.GetOutputSchema(probe);
                return output.Count == 2 && output[1].Name == state.FeatureColumnName;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                return false;
            }
        }

        private static NotSupportedException Refused(string why)
            => new($"The NormalizingTransformer directly before the AnoOnly model cannot be folded into the ONNX model: {why}. " +
                   "Normalize the feature column in place with NormalizeMinMax or NormalizeMeanVariance, or export the model alone " +
                   "and apply the normalization before ONNX.");
    }
}
