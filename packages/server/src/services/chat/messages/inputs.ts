import { z } from 'zod';
import { LIMITS } from '../../../limits';
import { hasControlCharacter } from '../../../schemas/user';

const NO_NUL = 'Remove the NUL character (\\0): it cannot be stored.';
const NO_CONTROL = 'Remove control characters.';

/** A position in one conversation: 1, 2, 3…; 0 means "before the first message". */
export const seqInput = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

// The code points an emoji is built from: pictographs, skin-tone modifiers,
// flags (regional indicators and tag sequences), keycaps and the joiners and
// variation selector that glue them into one symbol.
const EMOJI_PARTS = /^(?:\p{Extended_Pictographic}|\p{Emoji_Presentation}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200d|\ufe0f|\u20e3|[#*0-9]|[\u{e0020}-\u{e007f}])+$/u;
const EMOJI_CORE = /\p{Extended_Pictographic}|\p{Emoji_Presentation}|\p{Regional_Indicator}|\u20e3/u;
const WHITESPACE_OR_CONTROL = /[\s\p{Cc}]/u;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** True for exactly one emoji as a person sees it (one grapheme), modifiers and ZWJ sequences included. */
export function isSingleEmoji(text: string): boolean {
  return EMOJI_PARTS.test(text) && EMOJI_CORE.test(text) && [...graphemes.segment(text)].length === 1;
}

export const emojiInput = z
  .string()
  .min(1, 'Choose an emoji.')
  .max(LIMITS.reactionChars, `A reaction can be at most ${LIMITS.reactionChars} characters.`)
  .refine((s) => !WHITESPACE_OR_CONTROL.test(s), 'Remove spaces and control characters from the reaction.')
  .refine(isSingleEmoji, 'A reaction is a single emoji, such as 👍.');

export const reportReasonInput = z.enum(['spam', 'harassment', 'hate', 'violence', 'sexual', 'self_harm', 'other']);
export type ReportReason = z.infer<typeof reportReasonInput>;

export const reportDetailsInput = z
  .string()
  .trim()
  .max(LIMITS.reportDetailsChars, `Details can be at most ${LIMITS.reportDetailsChars} characters.`)
  .refine((s) => !s.includes('\u0000'), NO_NUL)
  .refine((s) => !hasControlCharacter(s, true), NO_CONTROL);

export const searchQueryInput = z
  .string()
  .trim()
  .min(1, 'Type something to search for.')
  .max(LIMITS.searchQueryChars, `A search can be at most ${LIMITS.searchQueryChars} characters.`)
  .refine((s) => !hasControlCharacter(s), NO_CONTROL);

/**
 * A history page cursor: the direction the pages run and the seq of the last
 * message handed out. Walking it continues the same way; the other way is a
 * fresh call with `before`/`after` at the first message a client holds.
 */
export const historyPosition = z.tuple([z.enum(['before', 'after']), z.string().regex(/^\d{1,16}$/)]);
