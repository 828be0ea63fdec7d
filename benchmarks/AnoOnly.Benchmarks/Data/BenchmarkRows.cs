using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace AnoOnly.Benchmarks.Data
{
    /// <summary>In-memory views of feature rows in the column layout every method reads (the layout of
    /// <see cref="Microsoft.ML.AnoOnly.Evaluation.ProtocolSplit"/>'s views), for the synthetic sets of the warm-up,
    /// the speed targets and the scale mode.</summary>
    internal static class BenchmarkRows
    {
        /// <summary>A train row: features and the semi-supervised label in the two types the trainers take.</summary>
        public sealed class TrainRow
        {
            public float[] Features = System.Array.Empty<float>();

            /// <summary>1 = labeled anomaly (AnoOnly's Single label).</summary>
            public float Label;

            /// <summary>The same label as a Boolean (what ML.NET's binary classifiers need).</summary>
            public bool IsLabeledAnomaly;
        }

        /// <summary>A row to score.</summary>
        public sealed class FeatureRow
        {
            public float[] Features = System.Array.Empty<float>();
        }

        /// <summary>What a prediction engine reads back from any method.</summary>
        public sealed class ScoreRow
        {
            public float Score = 0;
        }

        public static IDataView Train(MLContext ml, IReadOnlyList<float[]> features, IReadOnlyList<bool> labels)
        {
            var rows = new TrainRow[features.Count];
            for (int i = 0; i < rows.Length; i++)
                rows[i] = new TrainRow { Features = features[i], Label = labels[i] ? 1f : 0f, IsLabeledAnomaly = labels[i] };
            return ml.Data.LoadFromEnumerable(rows, Schema<TrainRow>(features.Count == 0 ? 0 : features[0].Length));
        }

        public static IDataView Features(MLContext ml, IReadOnlyList<float[]> features)
        {
            var rows = new FeatureRow[features.Count];
            for (int i = 0; i < rows.Length; i++)
                rows[i] = new FeatureRow { Features = features[i] };
            return ml.Data.LoadFromEnumerable(rows, Schema<FeatureRow>(features.Count == 0 ? 0 : features[0].Length));
        }

        /// <summary>The schema of <typeparamref name="T"/> with <c>Features</c> declared as a vector of known size,
        /// which every trainer requires.</summary>
        public static SchemaDefinition Schema<T>(int featureCount)
        {
            var schema = SchemaDefinition.Create(typeof(T));
            schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
            return schema;
        }
    }
}
