// Home Base and the agency overview, as the database aggregates them.
import { agencyOverviewAnswer, homeBaseAnswer } from "@shared/home/answers.ts";
import { request } from "./client.ts";

/** One client's portfolio at a glance. */
export const getHomeBase = (clientId: string, signal?: AbortSignal) =>
  request("home_base", { client_id: clientId }, homeBaseAnswer, signal);

/** Every client the user may open, side by side. */
export const getAgencyOverview = (signal?: AbortSignal) => request("agency_overview", {}, agencyOverviewAnswer, signal);
