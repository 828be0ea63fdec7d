using System;
using System.Linq;
using Microsoft.ML.AnoOnly.Backbones;
using Microsoft.ML.AnoOnly.Onnx;
using Microsoft.ML.AnoOnly.Persistence;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// A model's score: its one member's score, or the members' scores combined by their
    /// <see cref="ScoreCombination"/>s. Each member's scorer comes from its backbone's descriptor, which builds it
    /// in managed code: scoring a loaded model never initialises libtorch. Blocks of rows and explanations combine the
    /// members' the same way, so a model of several members gets both from its members. Immutable and thread-safe.
    /// </summary>
    internal sealed class ModelScorer : IAnomalyScorer
    {
        private readonly IAnomalyScorer[] _members;
        private readonly ScoreCombination[] _combinations;

        public ModelScorer(ModelState state)
        {
            _members = state.Members.Select(m => BackboneRegistry.ForSavedModel(m.Backbone).CreateScorer(m)).ToArray();
            _combinations = state.Members.Select(m => m.Combination).ToArray();
            FeatureCount = state.FeatureCount;
            if (_members.Any(m => m.FeatureCount != FeatureCount))
                throw new AnoOnlyModelFormatException("The AnoOnly model state's members read different numbers of features.");
        }

        public int FeatureCount { get; }

        /// <summary>The members' scorers, in the order of the state's members.</summary>
        internal System.Collections.Generic.IReadOnlyList<IAnomalyScorer> Members => _members;

        private bool IsOneNetwork => _members.Length == 1 && _combinations[0].IsIdentity;

        public float Score(ReadOnlySpan<float> features)
        {
            if (_members.Length == 1)
                return _combinations[0].Apply(_members[0].Score(features));
            float sum = 0;
            for (int m = 0; m < _members.Length; m++)
                sum += _combinations[m].Apply(_members[m].Score(features));
            return sum;
        }

        public void ScoreBlock(ReadOnlySpan<float> rows, int count, Span<float> scores)
        {
            if (IsOneNetwork)
            {
                _members[0].ScoreBlock(rows, count, scores);
                return;
            }
            float[] member = ScoringScratch.Rent(count);
            try
            {
                // The same additions in the same order as Score: a row gets the same bits in a block.
                if (_members.Length > 1)
                    scores.Slice(0, count).Clear();
                for (int m = 0; m < _members.Length; m++)
                {
                    _members[m].ScoreBlock(rows, count, member);
                    for (int r = 0; r < count; r++)
                    {
                        float combined = _combinations[m].Apply(member[r]);
                        scores[r] = _members.Length == 1 ? combined : scores[r] + combined;
                    }
                }
            }
            finally
            {
                ScoringScratch.Return(member);
            }
        }

        /// <summary>
        /// Each member's subgraph, combined as the managed score is: Weight * (score - Center) / Scale per member (Sub, Mul,
        /// Div), summed over the members. A one-network model is its member's subgraph alone.
        /// </summary>
        public string EmitOnnx(OnnxGraphBuilder graph, string features)
        {
            if (IsOneNetwork)
                return _members[0].EmitOnnx(graph, features);
            var combined = new string[_members.Length];
            for (int m = 0; m < _members.Length; m++)
            {
                string score = _members[m].EmitOnnx(graph, features);
                ScoreCombination c = _combinations[m];
                string centred = graph.Node("Sub", new[] { score, graph.Constant($"member{m}.center", new[] { c.Center }, 1) });
                string weighted = graph.Node("Mul", new[] { centred, graph.Constant($"member{m}.weight", new[] { c.Weight }, 1) });
                combined[m] = graph.Node("Div", new[] { weighted, graph.Constant($"member{m}.scale", new[] { c.Scale }, 1) });
            }
            return combined.Length == 1 ? combined[0] : graph.Node("Sum", combined);
        }

        /// <summary>
        /// Each member's contributions times its weight / scale: a member's score enters as
        /// Weight * (score - Center) / Scale, so its change enters as Weight / Scale times the change, and the sum over
        /// members keeps summation-to-delta.
        /// </summary>
        public void Explain(ReadOnlySpan<float> row, ReadOnlySpan<float> reference, Span<float> contributions)
        {
            if (IsOneNetwork)
            {
                _members[0].Explain(row, reference, contributions);
                return;
            }
            float[] member = ScoringScratch.Rent(FeatureCount);
            try
            {
                contributions.Slice(0, FeatureCount).Clear();
                for (int m = 0; m < _members.Length; m++)
                {
                    _members[m].Explain(row, reference, member);
                    float factor = _combinations[m].Weight / _combinations[m].Scale;
                    for (int i = 0; i < FeatureCount; i++)
                        contributions[i] += factor * member[i];
                }
            }
            finally
            {
                ScoringScratch.Return(member);
            }
        }
    }
}
