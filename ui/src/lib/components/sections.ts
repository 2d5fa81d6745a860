/** The screens of a project, in the order a lead works through them (sidebar, palette). */
import {
  Users,
  Compass,
  FileSignature,
  FileText,
  OctagonAlert,
  Grid3x3,
  ChartGantt,
  ListChecks,
  CalendarCheck,
  ChartLine,
  RefreshCw,
  History,
} from 'lucide';

export const SECTIONS = [
  { path: '', label: 'Overview', icon: Users },
  { path: '/setup', label: 'Kickoff setup', icon: Compass },
  { path: '/scope', label: 'Scope', icon: FileSignature },
  { path: '/contract', label: 'Contract', icon: FileText },
  { path: '/blockers', label: 'Blockers', icon: OctagonAlert },
  { path: '/raci', label: 'RACI', icon: Grid3x3 },
  { path: '/tracks', label: 'Tracks', icon: ChartGantt },
  { path: '/checklists', label: 'Checklists', icon: ListChecks },
  { path: '/cadence', label: 'Cadence', icon: CalendarCheck },
  { path: '/metrics', label: 'Metrics', icon: ChartLine },
  { path: '/sync', label: 'Sync', icon: RefreshCw },
  { path: '/activity', label: 'Activity', icon: History },
];
