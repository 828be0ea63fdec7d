using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Persistence
{
    /// <summary>
    /// Turns a pipeline that ends with an AnoOnly model, as <c>Model.Load</c> returns it (the AnoOnly model as its saved
    /// chain of ML.NET transformers, nested in the pipeline's chains) or as training returns it, back into the type
    /// training returns: <see cref="TransformerChain{TLastTransformer}"/> of the transformers before the model and an
    /// <see cref="AnoOnlyTransformer"/>, decoded from the saved state.
    /// </summary>
    internal static class TypedModel
    {
        /// <summary>The AnoOnly model at the end of a pipeline, and the transformers before it in order.</summary>
        internal sealed record Parts(IReadOnlyList<ITransformer> Preceding, ModelState State, IAnomalyScorer Scorer, AnoOnlyTransformer? Trained);

        /// <summary>Finds the AnoOnly model that <paramref name="model"/> ends with, flattening nested chains.</summary>
        /// <exception cref="AnoOnlyModelFormatException">No AnoOnly model, one that is not the last step, or a damaged one.</exception>
        public static Parts Split(ITransformer model)
        {
            var preceding = new List<ITransformer>();
            ITransformer current = model;
            while (true)
            {
                if (current is AnoOnlyTransformer trained)
                    return new Parts(preceding, trained.State, trained.Scorer, trained);
                if (SavedAnoOnlyChain.TryRead(current, out ReadOnlyMemory<char> stateText))
                {
                    LoadedModel loaded = LoadedModel.From(stateText);
                    return new Parts(preceding, loaded.State, loaded.Scorer, null);
                }
                if (current is IEnumerable<ITransformer> chain && chain.Any())
                {
                    ITransformer[] steps = chain.ToArray();
                    preceding.AddRange(steps[..^1]);
                    current = steps[^1];
                    continue;
                }
                preceding.Add(current);
                throw NotAtTheEnd(preceding);
            }
        }

        /// <summary>The typed pipeline of <paramref name="model"/>, whose input schema is <paramref name="inputSchema"/>.</summary>
        public static TransformerChain<AnoOnlyTransformer> Rebuild(ITransformer model, DataViewSchema? inputSchema)
        {
            Parts parts = Split(model);
            AnoOnlyTransformer anoOnly = parts.Trained
                ?? new AnoOnlyTransformer(parts.State, SchemaBefore(parts.Preceding, inputSchema, parts.State), parts.Scorer);
            return new TransformerChain<AnoOnlyTransformer>(parts.Preceding.Append(anoOnly).ToArray());
        }

        /// <summary>
        /// The schema the AnoOnly model reads: the saved input schema carried through the transformers before it. A model
        /// saved without an input schema gets a schema of its feature column alone (all that scoring and saving need).
        /// </summary>
        private static DataViewSchema SchemaBefore(IReadOnlyList<ITransformer> preceding, DataViewSchema? inputSchema, ModelState state)
        {
            DataViewSchema? schema = inputSchema;
            if (schema != null && schema.Count > 0)
            {
                foreach (ITransformer step in preceding)
                    schema = step.GetOutputSchema(schema);
                DataViewSchema.Column? features = schema.GetColumnOrNull(state.FeatureColumnName);
                if (features?.Type is VectorDataViewType { Size: var size } && size == state.FeatureCount)
                    return schema;
                if (features != null)
                    throw new AnoOnlyModelFormatException(
                        $"The pipeline gives the AnoOnly model a column '{state.FeatureColumnName}' of type {features.Value.Type}; " +
                        $"the model reads {state.FeatureCount} Single values.");
            }
            var builder = new DataViewSchema.Builder();
            builder.AddColumn(state.FeatureColumnName, new VectorDataViewType(NumberDataViewType.Single, state.FeatureCount));
            return builder.ToSchema();
        }

        private static AnoOnlyModelFormatException NotAtTheEnd(List<ITransformer> steps)
        {
            int last = steps.FindLastIndex(SavedAnoOnlyChain.Contains);
            if (last < 0)
                return new AnoOnlyModelFormatException("It is an ML.NET model without an AnoOnly model in it; was it saved from another pipeline?");
            string after = string.Join(", ", steps.Skip(last + 1).Select(s => s.GetType().Name));
            return new AnoOnlyModelFormatException(
                $"Its AnoOnly model is followed by {steps.Count - last - 1} more step(s) ({after}). LoadAnoOnly returns pipelines that end with " +
                "the AnoOnly model, as Fit returns them: load this one with Model.Load or LoadValidated, or save the pipeline up to the " +
                "AnoOnly model and apply the later steps after it.");
        }
    }
}
