using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Review
{
    /// <summary>
    /// The rows a review strategy chooses among: the model's score of every row of the view, read in one pass, and the
    /// features (the model's input vector, after the pipeline's scaling) of the rows a strategy asks for, read in another,
    /// so that only candidates' features are held in memory.
    /// </summary>
    internal sealed class ScoredRows
    {
        private readonly IDataView _scored;
        private readonly string _featureColumnName;

        private ScoredRows(IDataView scored, string featureColumnName, float[] scores)
        {
            _scored = scored;
            _featureColumnName = featureColumnName;
            Scores = scores;
        }

        /// <summary>The score of each row, in the view's order (NaN read as the lowest score).</summary>
        public float[] Scores { get; }

        public int Count => Scores.Length;

        public static ScoredRows Read(ITransformer model, IDataView rows, string scoreColumnName, string featureColumnName)
        {
            IDataView scored = model.Transform(rows);
            DataViewSchema.Column score = scored.Schema.GetColumnOrNull(scoreColumnName) is { } column
                && column.Type == NumberDataViewType.Single
                ? column
                : throw new AnoOnlyInputException(
                    $"The model's output has no Single column '{scoreColumnName}' to rank rows by (ScoreColumnName). An AnoOnly or " +
                    "RandomizedPca model writes its score to 'Score'.", scoreColumnName);
            var scores = new List<float>();
            using (DataViewRowCursor cursor = scored.GetRowCursor(new[] { score }))
            {
                ValueGetter<float> getScore = cursor.GetGetter<float>(score);
                float value = 0;
                while (cursor.MoveNext())
                {
                    getScore(ref value);
                    scores.Add(float.IsNaN(value) ? float.NegativeInfinity : value);
                }
            }
            return new ScoredRows(scored, featureColumnName, scores.ToArray());
        }

        /// <summary>The feature vectors of the rows at <paramref name="indices"/> (positions in the view), in that order.</summary>
        public float[][] Features(IReadOnlyList<int> indices)
        {
            DataViewSchema.Column features = _scored.Schema.GetColumnOrNull(_featureColumnName) is { Type: VectorDataViewType vector } column
                && vector.ItemType == NumberDataViewType.Single
                ? column
                : throw new AnoOnlyInputException(
                    $"The model's output has no vector column of Single '{_featureColumnName}' to measure how far rows lie apart " +
                    "(FeatureColumnName).", _featureColumnName);
            var wanted = new Dictionary<long, int>(indices.Count);
            for (int i = 0; i < indices.Count; i++)
                wanted[indices[i]] = i;
            var result = new float[indices.Count][];
            using DataViewRowCursor cursor = _scored.GetRowCursor(new[] { features });
            ValueGetter<VBuffer<float>> getFeatures = cursor.GetGetter<VBuffer<float>>(features);
            VBuffer<float> buffer = default;
            while (cursor.MoveNext())
            {
                if (!wanted.TryGetValue(cursor.Position, out int slot))
                    continue;
                getFeatures(ref buffer);
                result[slot] = buffer.DenseValues().ToArray();
            }
            return result;
        }
    }
}
