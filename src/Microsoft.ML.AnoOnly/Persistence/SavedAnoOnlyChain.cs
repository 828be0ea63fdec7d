using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.AnoOnly.Persistence
{
    /// <summary>
    /// Recognises the chain an AnoOnly model is saved as (<see cref="SavedPipeline"/>) once ML.NET has loaded it: a
    /// chain of exactly copy -> CustomMapping (state key) -> value mapping (the state) -> CustomMapping (score) -> drop.
    /// A chain that holds the score mapping is an AnoOnly model; one that holds it in another shape is a damaged one.
    /// </summary>
    internal static class SavedAnoOnlyChain
    {
        /// <summary>Whether <paramref name="transformer"/> is a loaded AnoOnly model (throws
        /// <see cref="AnoOnlyModelFormatException"/> for a damaged one); its state text when it is.</summary>
        public static bool TryRead(ITransformer transformer, out ReadOnlyMemory<char> stateText)
        {
            stateText = default;
            if (transformer is not IEnumerable<ITransformer> chain)
                return false;
            ITransformer[] steps = chain.ToArray();
            if (!steps.Any(s => s is CustomMappingTransformer<AnoOnlyScoreInput, AnoOnlyScoreOutput>))
                return false;
            bool shaped = steps.Length == 5
                && steps[0] is ColumnCopyingTransformer
                && steps[1] is CustomMappingTransformer<AnoOnlyStateKeyInput, AnoOnlyStateKeyOutput>
                && steps[2] is ValueMappingTransformer
                && steps[3] is CustomMappingTransformer<AnoOnlyScoreInput, AnoOnlyScoreOutput>
                && steps[4] is ColumnSelectingTransformer;
            if (!shaped)
                throw new AnoOnlyModelFormatException(
                    $"The AnoOnly model's saved chain has the steps {string.Join(", ", steps.Select(s => s.GetType().Name))}; expected " +
                    "ColumnCopyingTransformer, the state-key mapping, ValueMappingTransformer, the score mapping and ColumnSelectingTransformer.");
            if (!SavedStates.TryReadState((ValueMappingTransformer)steps[2], SavedStates.Probe(), out stateText))
                throw new AnoOnlyModelFormatException("The AnoOnly model's saved chain holds no model state.");
            return true;
        }

        /// <summary>Whether an AnoOnly model is anywhere inside <paramref name="transformer"/>.</summary>
        public static bool Contains(ITransformer transformer)
        {
            if (transformer is AnoOnlyTransformer || transformer is CustomMappingTransformer<AnoOnlyScoreInput, AnoOnlyScoreOutput>)
                return true;
            return transformer is IEnumerable<ITransformer> chain && chain.Any(Contains);
        }
    }
}
