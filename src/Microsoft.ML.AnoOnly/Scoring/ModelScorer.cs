using System;
using System.Linq;
using Microsoft.ML.AnoOnly.Backbones;
using Microsoft.ML.AnoOnly.Persistence;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// A model's score: its one member's score, or the members' scores combined by their
    /// <see cref="ScoreCombination"/>s. Each member's scorer comes from its backbone's descriptor, which builds it
    /// in managed code: scoring a loaded model never initialises libtorch. Immutable and thread-safe.
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

        public float Score(ReadOnlySpan<float> features)
        {
            if (_members.Length == 1)
                return _combinations[0].Apply(_members[0].Score(features));
            float sum = 0;
            for (int m = 0; m < _members.Length; m++)
                sum += _combinations[m].Apply(_members[m].Score(features));
            return sum;
        }
    }
}
