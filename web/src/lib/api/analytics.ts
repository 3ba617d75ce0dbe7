// Trends, Segments, CSM Performance and the Calendar, as the analytics actions answer them.
import {
  calendarAnswer, performanceAnswer, scoreChangesAnswer, segmentAccountsAnswer, segmentsAnswer, trendsAnswer,
} from "@shared/analytics/answers.ts";
import type { ScoreChangesInput, SegmentAccountsInput, SegmentsInput, TrendsInput } from "@shared/analytics/inputs.ts";
import { request } from "./client.ts";

type Of<T> = { [K in keyof T]?: string | number | undefined };

export const getTrends = (clientId: string, input: Of<Omit<TrendsInput, "customers">> & { customers?: string }, signal?: AbortSignal) =>
  request("get_trends", { client_id: clientId, ...input }, trendsAnswer, signal);

export const listScoreChanges = (clientId: string, input: Of<ScoreChangesInput>, signal?: AbortSignal) =>
  request("list_score_changes", { client_id: clientId, ...input }, scoreChangesAnswer, signal);

export const getSegments = (clientId: string, input: Of<SegmentsInput>, signal?: AbortSignal) =>
  request("get_segments", { client_id: clientId, ...input }, segmentsAnswer, signal);

export const listSegmentAccounts = (clientId: string, input: Of<SegmentAccountsInput>, signal?: AbortSignal) =>
  request("list_segment_accounts", { client_id: clientId, ...input }, segmentAccountsAnswer, signal);

export const getPerformance = (clientId: string, signal?: AbortSignal) =>
  request("get_performance", { client_id: clientId }, performanceAnswer, signal);

export const getCalendar = (clientId: string, month: string | undefined, signal?: AbortSignal) =>
  request("get_calendar", { client_id: clientId, month }, calendarAnswer, signal);
